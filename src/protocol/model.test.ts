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

  const markAllRead = (params: Record<string, unknown>) =>
    parseRequest({
      kind: 'request',
      id: 'm',
      type: 'mailbox.markAllRead',
      params: { actionId: 'x', accountId: 'a', mailbox: 'INBOX', uidValidity: '1', ...params },
    });

  it('markAllRead upToUid is one IMAP UID in range', () => {
    const req = (upToUid: string) => markAllRead({ upToUid });
    expect(req('4294967295').ok).toBe(true);
    for (const bad of ['4294967296', '9999999999', '1:*', '*', '0']) expect(req(bad).ok, bad).toBe(false);
  });

  it('markAllRead upToUidls is 1 to 100 UIDLs, never a set', () => {
    const req = (upToUidls: unknown) => markAllRead({ uidValidity: '0', upToUidls });
    expect(req(['UID1-1700000000', '000000017fa5c3e1']).ok).toBe(true);
    expect(req(Array.from({ length: 100 }, (_, i) => `u${i}`)).ok).toBe(true);
    expect(req([]).ok).toBe(false);
    expect(req(Array.from({ length: 101 }, (_, i) => `u${i}`)).ok).toBe(false);
    for (const bad of ['1:*', 'x'.repeat(71), 'a b', '']) expect(req([bad]).ok, bad).toBe(false);
  });

  it('mailbox.page is bounded: limit 1..100, a cursor that is one uid, never a set', () => {
    const req = (params: Record<string, unknown>) =>
      parseRequest({
        kind: 'request',
        id: 'p',
        type: 'mailbox.page',
        params: { accountId: 'a', mailbox: 'INBOX', uidValidity: '1', limit: 50, ...params },
      });
    expect(req({}).ok).toBe(true);
    expect(req({ before: '77', limit: 100 }).ok).toBe(true);
    expect(req({ before: '000000015226c2d7', limit: 1 }).ok).toBe(true);
    for (const bad of [
      { limit: 0 },
      { limit: 101 },
      { limit: 1.5 },
      { limit: '5' },
      { before: '1:*' },
      { before: '' },
    ]) {
      expect(req(bad).ok, JSON.stringify(bad)).toBe(false);
    }
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

describe('strings have a maximum length', () => {
  const base = { type: 'imap', host: 'mail.example.com', user: 'ann' };
  const add = (settings: Record<string, unknown>, password?: string) =>
    parseRequest({
      kind: 'request',
      id: 'a',
      type: 'account.add',
      params: { settings: { ...base, ...settings }, password },
    });

  it.each([
    ['label', 200],
    ['host', 253],
    ['user', 320],
    ['pinnedCert', 128],
    ['webmailUrl', 2048],
  ])('settings.%s up to %i characters', (field, max) => {
    expect(add({ [field]: 'x'.repeat(max) }).ok).toBe(true);
    expect(add({ [field]: 'x'.repeat(max + 1) }).ok).toBe(false);
  });

  it('a 1.5 MB label is refused before anything could store it', () => {
    expect(add({ label: 'x'.repeat(1_500_000) })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('watched folders: at most 100 paths of at most 1000 characters', () => {
    expect(add({ watchedFolders: ['x'.repeat(1000)] }).ok).toBe(true);
    expect(add({ watchedFolders: ['x'.repeat(1001)] }).ok).toBe(false);
    expect(add({ watchedFolders: Array.from({ length: 101 }, (_, i) => `f${i}`) }).ok).toBe(false);
  });

  it('password up to 8192 characters', () => {
    expect(add({}, 'p'.repeat(8192)).ok).toBe(true);
    expect(add({}, 'p'.repeat(8193)).ok).toBe(false);
  });

  it('ids, action ids, mailboxes and e-mail addresses are bounded', () => {
    const req = (type: string, params: unknown) => parseRequest({ kind: 'request', id: 'x', type, params });
    expect(req('account.remove', { accountId: 'a'.repeat(64) }).ok).toBe(true);
    expect(req('account.remove', { accountId: 'a'.repeat(65) }).ok).toBe(false);
    expect(req('resync', { accountId: 'a'.repeat(65) }).ok).toBe(false);
    expect(req('mailbox.purge', { accountId: 'a', mailbox: 'm'.repeat(1001) }).ok).toBe(false);
    expect(req('message.fetch', { ref: { ...ref('1'), mailbox: 'm'.repeat(1001) } }).ok).toBe(false);
    expect(req('message.fetch', { ref: { ...ref('1'), uidValidity: '1'.repeat(21) } }).ok).toBe(false);
    const action = { ref: ref('1'), action: 'markRead' };
    expect(req('message.action', { ...action, actionId: 'u'.repeat(128) }).ok).toBe(true);
    expect(req('message.action', { ...action, actionId: 'u'.repeat(129) }).ok).toBe(false);
    expect(req('account.autodetect', { email: `${'a'.repeat(64)}@${'b'.repeat(300)}.com` }).ok).toBe(false);
    expect(req('hello', { protocolVersion: 1, client: { name: 'n'.repeat(201), version: '1' } }).ok).toBe(false);
  });
});
