import { describe, expect, it } from 'vitest';
import { parseReply } from './envelope';
import { isPinnable } from './tls-failure';

const FP = Array.from({ length: 32 }, () => 'AB').join(':');
const reply = (tls: unknown) => ({
  kind: 'reply',
  id: '1',
  ok: false,
  error: { code: 'TLS_UNTRUSTED', message: 'm', retryable: false, tls },
});

describe('TLS failure in error replies', () => {
  it('accepts a well-formed class and refuses anything unbounded or unknown', () => {
    expect(
      parseReply(reply({ problem: 'selfSigned', fingerprint: FP, reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).ok,
    ).toBe(true);
    expect(parseReply(reply({ problem: 'other', fingerprint: '', reason: '' })).ok).toBe(true);
    expect(parseReply(reply({ problem: 'pinMe', fingerprint: FP, reason: '' })).ok).toBe(false);
    expect(parseReply(reply({ problem: 'selfSigned', fingerprint: 'ab'.repeat(32), reason: '' })).ok).toBe(false);
    expect(parseReply(reply({ problem: 'selfSigned', fingerprint: FP, reason: 'x'.repeat(65) })).ok).toBe(false);
    expect(parseReply(reply({ problem: 'selfSigned', fingerprint: FP, reason: 'a b' })).ok).toBe(false);
  });

  it('only a self-signed or unknown-issuer certificate may be pinned', () => {
    expect(isPinnable('selfSigned')).toBe(true);
    expect(isPinnable('unknownIssuer')).toBe(true);
    expect(isPinnable('hostMismatch')).toBe(false);
    expect(isPinnable('expired')).toBe(false);
    expect(isPinnable('other')).toBe(false);
  });
});
