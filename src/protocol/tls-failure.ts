/**
 * Why a server certificate was not trusted, carried in a TLS_UNTRUSTED error (docs/protocol.md
 * "TLS failures"). Pinning stands in for the CA (docs/architecture.md "TLS by default"), so it
 * is offered only when the CA is what is missing: a self-signed certificate or one from an
 * unknown issuer.
 * A certificate that a trusted CA issued for another host name, or one that expired, is a wrong
 * or broken server, and pinning it would hide exactly that.
 */
import * as v from 'valibot';

export const TlsProblem = v.picklist([
  /** The certificate signed itself (or the chain ends in an untrusted self-signed root). */
  'selfSigned',
  /** The chain leads to an issuer the system does not know. */
  'unknownIssuer',
  /** The chain verified but the certificate names other hosts. */
  'hostMismatch',
  /** Outside its validity period. */
  'expired',
  /** Any other verification failure (revoked, bad signature, unsuitable purpose...). */
  'other',
]);
export type TlsProblem = v.InferOutput<typeof TlsProblem>;

/** SHA-256 of the DER certificate, upper-case hex pairs with colons (Node's `fingerprint256`). */
export const Sha256Fingerprint = v.pipe(v.string(), v.regex(/^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/));

export const TlsFailure = v.object({
  problem: TlsProblem,
  /** The fingerprint of the certificate the server presented (empty string if none was seen). */
  fingerprint: v.union([v.literal(''), Sha256Fingerprint]),
  /** OpenSSL's or Node's code for the failure, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`, for logs. */
  reason: v.pipe(v.string(), v.maxLength(64), v.regex(/^[A-Za-z0-9_]*$/)),
});
export type TlsFailure = v.InferOutput<typeof TlsFailure>;

/** Whether the user may be offered to pin a certificate that failed for `problem`. */
export function isPinnable(problem: TlsProblem): boolean {
  return problem === 'selfSigned' || problem === 'unknownIssuer';
}
