import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { parseRequest } from './envelope';
import { isImapUid, isMessageUid, MessageRef } from './model';

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
