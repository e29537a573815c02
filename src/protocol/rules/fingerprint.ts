/**
 * Certificate fingerprints as users paste them: SHA-256 hex with or without colons, any case,
 * maybe prefixed "SHA256:" or "sha256 Fingerprint=" (openssl's output). One canonical form makes
 * pinning compare bytes, not spellings: stored pins (accounts/defaults.ts), the IMAP and the POP3
 * certificate checks all go through this module.
 */

/**
 * Canonical form of a SHA-256 fingerprint: 32 upper-case hex pairs joined by colons
 * (the form Node's `X509Certificate.fingerprint256` uses). Returns undefined when the input is
 * not 64 hex digits once separators and a known prefix are removed.
 */
export function normalizeFingerprint(input: string): string | undefined {
  const body = input
    .trim()
    .replace(/^sha-?256\s*(fingerprint)?\s*[:=]?\s*/i, '')
    .replace(/[\s:-]/g, '');
  if (!/^[0-9a-f]{64}$/i.test(body)) return undefined;
  return body.toUpperCase().match(/../g)!.join(':');
}

/** Whether two fingerprints denote the same certificate; false when either is malformed. */
export function fingerprintsMatch(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const na = normalizeFingerprint(a);
  return na !== undefined && na === normalizeFingerprint(b);
}
