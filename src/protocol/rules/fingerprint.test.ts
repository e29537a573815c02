import { describe, expect, it } from 'vitest';
import { fingerprintsMatch, normalizeFingerprint } from './fingerprint';

const HEX = 'ab'.repeat(32);
const CANON = Array(32).fill('AB').join(':');

describe('normalizeFingerprint', () => {
  it('accepts bare hex, colons, dashes, spaces, any case and known prefixes', () => {
    expect(normalizeFingerprint(HEX)).toBe(CANON);
    expect(normalizeFingerprint(CANON.toLowerCase())).toBe(CANON);
    expect(normalizeFingerprint(`SHA256:${HEX}`)).toBe(CANON);
    expect(normalizeFingerprint(`sha256 Fingerprint=${CANON}`)).toBe(CANON);
    expect(normalizeFingerprint(` ${HEX.slice(0, 10)} ${HEX.slice(10)} `)).toBe(CANON);
  });
  it('rejects wrong lengths and non-hex', () => {
    expect(normalizeFingerprint(HEX.slice(2))).toBeUndefined();
    expect(normalizeFingerprint(HEX + 'ab')).toBeUndefined();
    expect(normalizeFingerprint('zz'.repeat(32))).toBeUndefined();
    expect(normalizeFingerprint('')).toBeUndefined();
  });
});

describe('fingerprintsMatch', () => {
  it('compares canonical forms', () => {
    expect(fingerprintsMatch(HEX, CANON)).toBe(true);
    expect(fingerprintsMatch(HEX, 'cd'.repeat(32))).toBe(false);
    expect(fingerprintsMatch(undefined, CANON)).toBe(false);
    expect(fingerprintsMatch('junk', 'junk')).toBe(false);
  });
});
