import { describe, expect, it } from 'vitest';
import { ErrorCode } from './errors';
import { parseEvent, parseReply, parseRequest, parseResult } from './envelope';

describe('parseRequest', () => {
  it('accepts a valid hello', () => {
    const out = parseRequest({
      kind: 'request',
      id: '1',
      type: 'hello',
      params: { protocolVersion: 1, client: { name: 'x', version: '1' } },
    });
    expect(out).toMatchObject({ ok: true, value: { type: 'hello', id: '1' } });
  });

  it('fills missing params with {} for parameterless requests', () => {
    expect(parseRequest({ kind: 'request', id: '2', type: 'ping' })).toMatchObject({ ok: true });
  });

  it('rejects unknown types with UNKNOWN_TYPE and keeps the id', () => {
    expect(parseRequest({ kind: 'request', id: '3', type: 'rm -rf' })).toMatchObject({
      ok: false,
      id: '3',
      code: ErrorCode.UnknownType,
    });
  });

  it('rejects bad params with BAD_REQUEST naming the field', () => {
    const out = parseRequest({ kind: 'request', id: '4', type: 'message.fetch', params: { ref: { accountId: '' } } });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.code).toBe(ErrorCode.BadRequest);
      expect(out.message).toMatch(/ref/);
    }
  });

  it('rejects non-objects and prototype tricks', () => {
    expect(parseRequest(null).ok).toBe(false);
    expect(parseRequest('hello').ok).toBe(false);
    expect(parseRequest({ kind: 'request', id: '5', type: 'toString' })).toMatchObject({ code: ErrorCode.UnknownType });
    expect(parseRequest({ kind: 'request', id: '6', type: '__proto__' })).toMatchObject({
      code: ErrorCode.UnknownType,
    });
  });
});

describe('parseReply / parseResult / parseEvent', () => {
  it('validates error replies against the error-code enum', () => {
    expect(
      parseReply({ kind: 'reply', id: '1', ok: false, error: { code: 'AUTH_FAILED', message: 'no', retryable: false } })
        .ok,
    ).toBe(true);
    expect(
      parseReply({ kind: 'reply', id: '1', ok: false, error: { code: 'NOPE', message: 'no', retryable: false } }).ok,
    ).toBe(false);
    // A reply that says ok but is not: the stringly-typed kind the conventions forbid.
    expect(parseReply({ kind: 'reply', id: '1', ok: 'true', result: {} }).ok).toBe(false);
  });

  it('checks a result against its request type', () => {
    expect(
      parseResult('hello', { protocolVersion: 1, bridgeVersion: '0.1.0', capabilities: ['imap'], secretStore: 'file' })
        .ok,
    ).toBe(true);
    expect(parseResult('hello', { protocolVersion: '1' }).ok).toBe(false);
  });

  it('validates events by type', () => {
    expect(parseEvent({ kind: 'event', type: 'account.state', data: { accountId: 'a', state: 'connected' } }).ok).toBe(
      true,
    );
    expect(parseEvent({ kind: 'event', type: 'account.state', data: { accountId: 'a', state: 'happy' } }).ok).toBe(
      false,
    );
    expect(parseEvent({ kind: 'event', type: 'nope', data: {} })).toMatchObject({
      ok: false,
      code: ErrorCode.UnknownType,
    });
  });
});
