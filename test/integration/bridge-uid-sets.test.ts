/**
 * A uid is one message, never a set: the built bridge in native host mode, a real Dovecot, and
 * actions whose `ref.uid` is an IMAP sequence set ("1:*", "*", "1,2", "2:3"). Each is refused
 * with BAD_REQUEST before it reaches the server, and the mailbox keeps every message and flag;
 * the same request with a plain UID then works (so the refusal is the uid's, not the request's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { withPeer } from '../harness/imap-peer';
import { buildMessage } from '../harness/mail-factory';
import { BridgeProcess } from '../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';

const SETS = ['1:*', '*', '1,2', '2:3', '1:3', ' 1', '0', '4294967296'];

describe.skipIf(!requireDovecot())('bridge refuses uid sets end to end', () => {
  let dc: Dovecot;
  let dir: string;
  let bridge: BridgeProcess;
  let accountId: string;
  let uidValidity: string;

  /** INBOX as another client sees it: uid → flags (without \Recent). */
  const inbox = () =>
    withPeer({ host: dc.host, port: dc.ports.imap, user: 'alice', password: 'pw' }, async (c) => {
      await c.mailboxOpen('INBOX', { readOnly: true });
      const out: Record<number, string[]> = {};
      for (const m of await c.fetchAll('1:*', { uid: true, flags: true })) {
        out[m.uid] = [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort();
      }
      return out;
    });

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    dc = await startDovecot({ users: [{ user: 'alice', password: 'pw' }] });
    for (let i = 1; i <= 3; i++) await dc.deliver('alice', buildMessage({ subject: `m${i}` }));
    dir = mkdtempSync(join(tmpdir(), 'mg-uidset-'));
    bridge = new BridgeProcess(join(dir, 'config'));
    expect(await bridge.hello()).toMatchObject({ ok: true });
    const settings = { type: 'imap', host: dc.host, port: dc.ports.imap, security: 'none', user: 'alice' };
    const added = await bridge.request('add', 'account.add', { settings, password: 'pw' });
    accountId = (added.result as { account: { id: string } }).account.id;
    const snap = await bridge.waitFor<{ data: { mailbox: { uidValidity: string } } }>(
      (f) => (f as { type?: string }).type === 'mailbox.snapshot',
      20_000,
    );
    uidValidity = snap.data.mailbox.uidValidity;
  });
  afterAll(async () => {
    await bridge?.stop();
    await dc?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses every action and fetch whose uid is not one UID, and changes nothing on the server', async () => {
    const before = await inbox();
    expect(Object.keys(before)).toHaveLength(3);
    let n = 0;
    for (const uid of SETS) {
      const ref = { accountId, mailbox: 'INBOX', uidValidity, uid };
      for (const action of ['markRead', 'flag', 'delete', 'archive'] as const) {
        const reply = await bridge.request(`a${n++}`, 'message.action', { actionId: `act-${n}`, ref, action });
        expect(reply, `${action} ${JSON.stringify(uid)}`).toMatchObject({
          ok: false,
          error: { code: 'BAD_REQUEST', retryable: false },
        });
      }
      const fetched = await bridge.request(`f${n++}`, 'message.fetch', { ref });
      expect(fetched, `fetch ${JSON.stringify(uid)}`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await inbox()).toEqual(before);
    // The same request with one real UID is served: only that message changes.
    const ok = await bridge.request('one', 'message.action', {
      actionId: 'act-one',
      ref: { accountId, mailbox: 'INBOX', uidValidity, uid: '2' },
      action: 'flag',
    });
    expect(ok).toMatchObject({ ok: true });
    expect(await inbox()).toEqual({ ...before, 2: ['\\Flagged'] });
  });
});
