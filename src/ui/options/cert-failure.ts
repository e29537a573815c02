/**
 * What the options page makes of a TLS_UNTRUSTED error: whether to offer pinning (only for a
 * self-signed or unknown-issuer certificate, `isPinnable` in src/protocol/tls-failure.ts) and
 * which explanation to show. The class comes typed from the bridge, never parsed from a message.
 */
import * as v from 'valibot';
import { isPinnable, TlsFailure } from '../../protocol/tls-failure';
import type { MessageKey } from '../i18n';

/** The certificate failure an error carries, if it is a well-formed one. */
export function tlsFailureOf(error: unknown): TlsFailure | undefined {
  const tls = (error as { tls?: unknown } | null)?.tls;
  return v.is(TlsFailure, tls) ? tls : undefined;
}

/** The fingerprint the user may pin, or undefined when pinning must not be offered. */
export function pinnableFingerprint(error: unknown): string | undefined {
  const tls = tlsFailureOf(error);
  return tls && tls.fingerprint && isPinnable(tls.problem) ? tls.fingerprint : undefined;
}

/** The explanation of a TLS_UNTRUSTED error for the user. */
export function certProblemKey(error: unknown): MessageKey {
  switch (tlsFailureOf(error)?.problem) {
    case 'hostMismatch':
      return 'certHostMismatch';
    case 'expired':
      return 'certExpired';
    case 'selfSigned':
    case 'unknownIssuer':
      return 'certUntrusted';
    default:
      return 'certNotPinnable';
  }
}
