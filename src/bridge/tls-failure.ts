/**
 * Sorts a failed certificate check into the protocol's TLS problem classes (src/protocol/
 * tls-failure.ts), from the code OpenSSL or Node left in `authorizationError`. Node runs the
 * host-name check only after the chain verified, so `ERR_TLS_CERT_ALTNAME_INVALID` means a
 * trusted CA issued the certificate for another host: exactly the case pinning must not cover.
 */
import * as v from 'valibot';
import { BridgeError, ErrorCode, TlsFailure, type TlsProblem } from '../protocol';
import { normalizeFingerprint } from '../protocol/rules/fingerprint';

const PROBLEMS: Record<string, TlsProblem> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'selfSigned',
  SELF_SIGNED_CERT_IN_CHAIN: 'selfSigned',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknownIssuer',
  UNABLE_TO_GET_ISSUER_CERT: 'unknownIssuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknownIssuer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostMismatch',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
};

/** The class of a certificate failure, with the fingerprint the server showed. */
export function classifyTlsFailure(reason: string | undefined, fingerprint: string | undefined): TlsFailure {
  const code = /^[A-Za-z0-9_]{1,64}$/.test(reason ?? '') ? reason! : '';
  // Checked against the protocol's schema here, the sending end; the extension checks it again.
  return v.parse(TlsFailure, {
    problem: PROBLEMS[code] ?? 'other',
    fingerprint: (fingerprint && normalizeFingerprint(fingerprint)) ?? '',
    reason: code,
  });
}

/** TLS_UNTRUSTED for a certificate that did not verify and matches no pin. */
export function untrustedCertificate(reason: string | undefined, fingerprint: string | undefined): BridgeError {
  const tls = classifyTlsFailure(reason, fingerprint);
  return new BridgeError(
    ErrorCode.TlsUntrusted,
    `certificate not trusted (${tls.reason || 'unverified'}, ${tls.problem}); SHA-256 fingerprint ${tls.fingerprint || 'unknown'}`,
    tls,
  );
}
