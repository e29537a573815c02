/**
 * Certificate and plain-text rules for mail connections (docs/architecture.md "TLS by default"):
 * a certificate must verify (chain and host name), or else its SHA-256 fingerprint must equal
 * the one the user pinned for the account. Plain text is allowed only to loopback hosts.
 */
import type { TLSSocket } from 'node:tls';
import { BridgeError, ErrorCode } from '../../protocol';
import { fingerprintsMatch } from '../../protocol/rules/fingerprint';
import { isLoopbackHost } from '../../protocol/rules/loopback';
import { untrustedCertificate } from '../tls-failure';

/** What a finished handshake told us; goes into `ConnectionReport`. */
export interface TlsInfo {
  tlsVersion?: string;
  /** SHA-256 of the DER certificate, uppercase hex with colons (Node's `fingerprint256`). */
  certFingerprint?: string;
  /**
   * The chain and host name verified (Node's `authorized`). False for a certificate accepted
   * only through the pin: the options page shows that as "pinned", the CLI as "NOT verified".
   */
  certVerified: boolean;
}

/** Refuse `security: 'none'` unless the host is on loopback. */
export function assertPlainAllowed(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new BridgeError(ErrorCode.InsecureRefused, `refusing a plain-text connection to ${host} (not loopback)`);
  }
}

/**
 * Decide about a socket whose handshake finished with `rejectUnauthorized: false` (Node still
 * runs the chain and host-name checks and records the outcome in `authorized`). Throws
 * TLS_UNTRUSTED with the failure's class and fingerprint, so the UI offers to pin only a
 * self-signed or unknown-issuer certificate.
 */
export function checkPeer(socket: TLSSocket, pinnedCert: string | undefined): TlsInfo {
  const cert = socket.getPeerCertificate();
  const fingerprint = cert && typeof cert.fingerprint256 === 'string' ? cert.fingerprint256 : undefined;
  const info: TlsInfo = {
    tlsVersion: socket.getProtocol() ?? undefined,
    certFingerprint: fingerprint,
    certVerified: socket.authorized,
  };
  if (socket.authorized) return info;
  if (fingerprintsMatch(pinnedCert, fingerprint)) {
    return info;
  }
  throw untrustedCertificate(socket.authorizationError ? String(socket.authorizationError) : undefined, fingerprint);
}
