import { describe, expect, it } from 'vitest';
import { BridgeError, ErrorCode, isRetryable } from '../../protocol';
import { toBridgeError } from './errors';

describe('toBridgeError', () => {
  const code = (e: unknown) => toBridgeError(e).code;
  it('maps imapflow, TLS, socket and server failures onto protocol codes', () => {
    expect(code(Object.assign(new Error('x'), { authenticationFailed: true }))).toBe(ErrorCode.AuthFailed);
    expect(code(Object.assign(new Error('x'), { serverResponseCode: 'AUTHENTICATIONFAILED' }))).toBe(
      ErrorCode.AuthFailed,
    );
    expect(code(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe(ErrorCode.TlsUntrusted);
    expect(code(Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))).toBe(ErrorCode.TlsUntrusted);
    expect(code(Object.assign(new Error('x'), { code: 'ETIMEOUT' }))).toBe(ErrorCode.Timeout);
    expect(code(Object.assign(new Error('x'), { code: 'GREETING_TIMEOUT' }))).toBe(ErrorCode.Timeout);
    expect(code(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(ErrorCode.ConnectionFailed);
    expect(code(Object.assign(new Error('x'), { responseStatus: 'NO', responseText: 'nope' }))).toBe(
      ErrorCode.ServerError,
    );
    expect(code(Object.assign(new Error('x'), { serverResponseCode: 'NONEXISTENT' }))).toBe(ErrorCode.MessageGone);
    expect(code(Object.assign(new Error('x'), { responseStatus: 'NO', mailboxMissing: true }))).toBe(
      ErrorCode.MessageGone,
    );
    expect(code('weird')).toBe(ErrorCode.ConnectionFailed);
  });
  it('never makes a malformed value or an unreadable response retryable', () => {
    for (const c of ['InvalidStringValue', 'InvalidSequenceSet', 'LiteralTooLarge']) {
      const be = toBridgeError(Object.assign(new Error('Unquotable character in IMAP string value'), { code: c }));
      expect(be.code, c).toBe(ErrorCode.BadRequest);
      expect(isRetryable(be.code)).toBe(false);
    }
    for (const c of ['InvalidResponse', 'ResponseTooLarge', 'MAX_IMAP_NESTING_REACHED']) {
      expect(code(Object.assign(new Error('x'), { code: c })), c).toBe(ErrorCode.ServerError);
    }
    const bad = toBridgeError(Object.assign(new Error('Command failed'), { responseStatus: 'BAD', responseText: 'x' }));
    expect(isRetryable(bad.code)).toBe(false);
    // Transient failures stay retryable.
    expect(isRetryable(code(Object.assign(new Error('x'), { code: 'ECONNRESET' })))).toBe(true);
  });

  it('bounds the server text it carries', () => {
    const be = toBridgeError(
      Object.assign(new Error('x'), { responseStatus: 'BAD', responseText: 'y'.repeat(100_000) }),
    );
    expect(be.message.length).toBeLessThan(400);
  });

  it('passes BridgeErrors through', () => {
    const e = new BridgeError(ErrorCode.Unsupported, 'no');
    expect(toBridgeError(e)).toBe(e);
  });
});
