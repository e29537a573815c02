import { describe, expect, it } from 'vitest';
import { BridgeError, ErrorCode } from '../../protocol';
import { parsePinnedCert, withDefaults } from './defaults';

const HEX = '0a'.repeat(32);
const CANON = Array(32).fill('0A').join(':');

describe('parsePinnedCert', () => {
  // The spellings it accepts are the canonical rule's (src/protocol/rules/fingerprint.test.ts).
  it('returns the canonical form', () => {
    expect(parsePinnedCert(`sha256 Fingerprint=${HEX}`)).toBe(CANON);
  });

  it('rejects anything that is not a SHA-256 fingerprint with BAD_REQUEST', () => {
    for (const bad of ['yes', 'garbage!', HEX.slice(2), HEX + '0a', 'zz'.repeat(32), 'AB:CD', '-', ' ']) {
      const err = (() => {
        try {
          parsePinnedCert(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(err, bad).toBeInstanceOf(BridgeError);
      expect((err as BridgeError).code, bad).toBe(ErrorCode.BadRequest);
      expect((err as BridgeError).message).toMatch(/SHA-256.*64 hex digits/);
    }
  });

  it('withDefaults refuses a garbage pin instead of storing ""', () => {
    const settings = { type: 'imap', host: 'mail.example.com', user: 'u' } as const;
    expect(() => withDefaults('a', { ...settings, pinnedCert: 'not-a-fingerprint' })).toThrow(
      expect.objectContaining({ code: ErrorCode.BadRequest }),
    );
    expect(withDefaults('a', { ...settings, pinnedCert: HEX }).pinnedCert).toBe(CANON);
    expect(withDefaults('a', settings).pinnedCert).toBeUndefined();
  });
});
