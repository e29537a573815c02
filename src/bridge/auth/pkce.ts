/**
 * PKCE (RFC 7636) and the `state` parameter (RFC 6749 §10.12) of an authorization request.
 * Both are random per sign-in and never leave the bridge except inside the authorization URL.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 7636 §4.1: 43..128 characters of [A-Za-z0-9-._~]; 32 random bytes in base64url give 43. */
export function makeCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** RFC 7636 §4.2: S256 challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable `state` binding the redirect to this sign-in (RFC 6749 §10.12). */
export function makeState(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares a returned `state` with ours in constant time; a missing one never matches. */
export function stateMatches(expected: string, returned: string | null | undefined): boolean {
  if (typeof returned !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(returned);
  return a.length === b.length && timingSafeEqual(a, b);
}
