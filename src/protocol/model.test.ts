import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseRequest } from './envelope';
import { MAX_POLL_SEC, MAX_TIMER_MS } from './limits';
import { isImapUid, isMessageUid, MailboxStatus, MessageRef } from './model';

const ref = (uid: string) => ({ accountId: 'a1', mailbox: 'INBOX', uidValidity: '7', uid });

describe('message uids', () => {
  it.each(['1:*', '*', '1,2', '1:5', '2,4:6', '*:1', ',', ':'])('refuses the sequence set %j', (uid) => {
    expect(isMessageUid(uid)).toBe(false);
    expect(v.safeParse(MessageRef, ref(uid)).success).toBe(false);
    expect(parseRequest({ kind: 'request', id: 'f', type: 'message.fetch', params: { ref: ref(uid) } })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
    });
    expect(
      parseRequest({
        kind: 'request',
        id: 'a',
        type: 'message.action',
        params: { actionId: 'x', ref: ref(uid), action: 'delete' },
      }),
    ).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('accepts IMAP UIDs from 1 to 2^32-1 and POP3 UIDLs of RFC 1939 §7', () => {
    for (const uid of ['1', '42', '4294967295', '000000015226c2d7', 'a:b', 'x'.repeat(70), '!~']) {
      expect(isMessageUid(uid), uid).toBe(true);
    }
    for (const uid of ['', ' ', 'a b', 'x'.repeat(71), 'é', '\u0000', '1\n'])
      expect(isMessageUid(uid), uid).toBe(false);
  });

  it('isImapUid wants one decimal UID in range, no leading zero', () => {
    expect(['1', '4294967295'].every(isImapUid)).toBe(true);
    expect(['0', '01', '4294967296', '99999999999', '-1', '1.0', '1e3', 'a:b'].some(isImapUid)).toBe(false);
  });

  it('markAllRead upToUid is one IMAP UID in range', () => {
    const req = (upToUid: string) =>
      parseRequest({
        kind: 'request',
        id: 'm',
        type: 'mailbox.markAllRead',
        params: { actionId: 'x', accountId: 'a', mailbox: 'INBOX', uidValidity: '1', upToUid },
      });
    expect(req('4294967295').ok).toBe(true);
    for (const bad of ['4294967296', '9999999999', '1:*', '*', '0']) expect(req(bad).ok, bad).toBe(false);
  });

  it('the rejection names the rule, not the value sent', () => {
    const out = parseRequest({ kind: 'request', id: 'f', type: 'message.fetch', params: { ref: ref('1:*') } });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.message).toMatch(/^message\.fetch: ref\.uid: expected an IMAP UID/);
      expect(out.message).not.toContain('1:*');
    }
  });
});

describe('numbers have ranges', () => {
  const settings = { type: 'pop3', host: 'h', user: 'u' };
  const add = (extra: Record<string, unknown>) =>
    parseRequest({ kind: 'request', id: 'a', type: 'account.add', params: { settings: { ...settings, ...extra } } });

  it('poll interval 30 s..24 h, integer (a 30-day interval overflowed setTimeout)', () => {
    for (const ok of [30, 3600, 86_400]) expect(add({ pollIntervalSec: ok }).ok, String(ok)).toBe(true);
    for (const bad of [29, 86_401, 30 * 24 * 3600, 1e300, 60.5, -60]) {
      expect(add({ pollIntervalSec: bad }).ok, String(bad)).toBe(false);
    }
    expect(MAX_POLL_SEC * 1000).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it('port 1..65535, integer', () => {
    for (const bad of [0, 65_536, -1, 1.5, 1e20]) expect(add({ port: bad }).ok, String(bad)).toBe(false);
    expect(add({ port: 995 }).ok).toBe(true);
  });

  it('sizes and counts are non-negative integers with a maximum', () => {
    const status = { path: 'INBOX', name: 'INBOX', uidValidity: '1', total: 3, unseen: 1 };
    expect(v.safeParse(MailboxStatus, status).success).toBe(true);
    for (const bad of [-1, 0.5, 2 ** 32, 1e300]) {
      expect(v.safeParse(MailboxStatus, { ...status, unseen: bad }).success, String(bad)).toBe(false);
    }
    for (const bad of [-1, 0.5, 2 ** 53]) {
      expect(v.safeParse(MailboxStatus, { ...status, quota: { usage: 1, limit: bad } }).success, String(bad)).toBe(
        false,
      );
    }
  });

  it('hello protocolVersion is a small integer', () => {
    const hello = (protocolVersion: unknown) =>
      parseRequest({
        kind: 'request',
        id: 'h',
        type: 'hello',
        params: { protocolVersion, client: { name: 'x', version: '1' } },
      });
    expect(hello(1).ok).toBe(true);
    for (const bad of [-1, 1.5, 1e300, 1001]) expect(hello(bad).ok, String(bad)).toBe(false);
  });
});
