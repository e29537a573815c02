import { describe, expect, it } from 'vitest';
import { BridgeError, ErrorCode } from '../../protocol';
import { isLoopbackHost, normalizeFingerprint, withDefaults } from './defaults';

const HEX = '0a'.repeat(32);
const CANON = Array(32).fill('0A').join(':');

describe('normalizeFingerprint', () => {
  it('accepts 64 hex digits with or without colons, any case, and an openssl prefix', () => {
    expect(normalizeFingerprint(HEX)).toBe(CANON);
    expect(normalizeFingerprint(CANON.toLowerCase())).toBe(CANON);
    expect(normalizeFingerprint(`SHA256:${HEX}`)).toBe(CANON);
    expect(normalizeFingerprint(`sha256 Fingerprint=${CANON}`)).toBe(CANON);
  });

  it('rejects anything that is not a SHA-256 fingerprint with BAD_REQUEST', () => {
    for (const bad of ['yes', 'garbage!', HEX.slice(2), HEX + '0a', 'zz'.repeat(32), 'AB:CD', '-', ' ']) {
      const err = (() => {
        try {
          normalizeFingerprint(bad);
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

describe('isLoopbackHost (IMAP and POP3)', () => {
  const yes = ['localhost', 'LocalHost', '127.0.0.1', '127.255.0.9', '::1', '[::1]', '0:0::1', '::ffff:127.0.0.1'];
  const no = [
    'a.localhost',
    'mail.localhost',
    'localhost.',
    'localhost.example.com',
    '128.0.0.1',
    '10.0.0.1',
    '::2',
    '::ffff:10.0.0.1',
    '127.1', // not a literal IPv4 address: the resolver would decide
    '',
  ];
  // One function serves both: imap/connection.ts and pop3/tls-policy.ts import it from here.
  it('accepts only literal loopback and exactly "localhost"', () => {
    for (const h of yes) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of no) expect(isLoopbackHost(h), h).toBe(false);
  });
});
