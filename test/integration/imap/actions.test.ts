/**
 * Actions back to the server and message bodies: flags, delete to Trash, "mark only" then purge,
 * archive/junk, idempotent replays (a removal whose message is already gone answers the counts; a
 * flag change on it MESSAGE_GONE, any action on a stale UIDVALIDITY MAILBOX_CHANGED), body with attachment,
 * truncation caps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { BridgeError, ErrorCode, type MessageRef } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

describe.skipIf(!requireDovecot())('IMAP actions and bodies', () => {
  let dc: Dovecot;
  const drivers: AccountDriver[] = [];
  const peer = (user = 'alice') => ({ host: dc.host, port: dc.ports.imap, user, password: 'pw' });

  /** Start a driver for `user` and wait for its INBOX snapshot. */
  async function connect(user: string, over = {}) {
    const rec = new Recorder();
    const factory = createImapDriverFactory({ bodyLimits: { sourceBytes: 3 * 1024 * 1024, textBytes: 900 * 1024 } });
    const driver = factory.create(accountFor(dc, user, over), 'pw', rec);
    drivers.push(driver);
    driver.start();
    const snap = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    const ref = (uid: string, mailbox = 'INBOX'): MessageRef => ({
      accountId: `acct-${user}`,
      mailbox,
      uidValidity: snap.mailbox.uidValidity,
      uid,
    });
    return { rec, driver, snap, ref };
  }

  async function flagsOf(user: string, mailbox: string): Promise<Record<string, string[]>> {
    return withPeer(peer(user), async (c) => {
      const box = await c.mailboxOpen(mailbox, { readOnly: true });
      const out: Record<string, string[]> = {};
      if (box.exists === 0) return out;
      for (const m of await c.fetchAll('1:*', { uid: true, flags: true, envelope: true })) {
        out[m.envelope?.subject ?? String(m.uid)] = [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort();
      }
      return out;
    });
  }

  /** Subjects in `mailbox`, one entry per message (so a message copied twice shows twice). */
  async function subjectsOf(user: string, mailbox: string): Promise<string[]> {
    return withPeer(peer(user), async (c) => {
      const box = await c.mailboxOpen(mailbox, { readOnly: true });
      if (box.exists === 0) return [];
      return (await c.fetchAll('1:*', { uid: true, envelope: true })).map((m) => m.envelope?.subject ?? '');
    });
  }

  beforeAll(async () => {
    dc = await startDovecot({
      users: ['alice', 'bob', 'carol'].map((user) => ({ user, password: 'pw' })),
      quotaMB: 50,
    });
    for (let i = 1; i <= 5; i++) await dc.deliver('alice', buildMessage({ subject: `m${i}` }));
    for (let i = 1; i <= 3; i++) await dc.deliver('bob', buildMessage({ subject: `b${i}` }));
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.stop()));
    await dc?.destroy();
  });

  it('markRead / markUnread / flag / unflag change flags on the server and return its counts', async () => {
    const { driver, ref } = await connect('alice');
    let st = await driver.act(ref('1'), 'markRead', 'a1');
    expect(st).toMatchObject({ path: 'INBOX', total: 5, unseen: 4 });
    st = await driver.act(ref('1'), 'markRead', 'a1'); // replay: harmless
    expect(st.unseen).toBe(4);
    await driver.act(ref('2'), 'flag', 'a2');
    expect(await flagsOf('alice', 'INBOX')).toMatchObject({ m1: ['\\Seen'], m2: ['\\Flagged'] });
    await driver.act(ref('2'), 'unflag', 'a3');
    st = await driver.act(ref('1'), 'markUnread', 'a4');
    expect(st.unseen).toBe(5);
    expect(await flagsOf('alice', 'INBOX')).toMatchObject({ m1: [], m2: [] });
  });

  it('delete moves to Trash; a replay answers the counts; delete inside Trash expunges', async () => {
    const { driver, ref, rec } = await connect('alice');
    const from = rec.events.length;
    const st = await driver.act(ref('3'), 'delete', 'd1');
    expect(st).toMatchObject({ total: 4 });
    expect(await subjectsOf('alice', 'Trash')).toEqual(['m3']);
    // Replay (the reply to the first attempt was lost): the goal is reached, so the same counts.
    const replay = await driver.act(ref('3'), 'delete', 'd1');
    expect(replay).toEqual(st);
    expect(replay).toMatchObject({ path: 'INBOX', total: 4, unseen: 4 });
    expect(await subjectsOf('alice', 'Trash')).toEqual(['m3']); // once, not twice
    // Changing the flags of a gone message is not a goal reached: that stays MESSAGE_GONE.
    await expect(driver.act(ref('3'), 'markRead', 'd1r')).rejects.toMatchObject({ code: ErrorCode.MessageGone });
    // The watcher reports the removal as a delta.
    await rec.waitMailbox('mailbox.delta', 'INBOX', from, (d) => d.removed.includes('3'));
    // In Trash: \Deleted + UID EXPUNGE.
    const trashUidValidity = await withPeer(peer(), async (c) => {
      const st = await c.status('Trash', { uidValidity: true });
      return String(st && st.uidValidity);
    });
    const inTrash = await driver.act({ ...ref('1', 'Trash'), uidValidity: trashUidValidity }, 'delete', 'd2');
    expect(inTrash).toMatchObject({ path: 'Trash', specialUse: '\\Trash', total: 0 });
  });

  it('a stale UIDVALIDITY answers MAILBOX_CHANGED, for removals too', async () => {
    const { driver, ref } = await connect('alice');
    for (const action of ['markRead', 'delete', 'archive', 'junk'] as const) {
      // UID 3 is gone as well: a stale UIDVALIDITY must win over "already removed".
      for (const uid of ['1', '3']) {
        const err = await driver.act({ ...ref(uid), uidValidity: '1' }, action, 'x').catch((e: unknown) => e);
        expect(err, `${action} ${uid}`).toBeInstanceOf(BridgeError);
        expect((err as BridgeError).code, `${action} ${uid}`).toBe(ErrorCode.MailboxChanged);
      }
    }
    expect(await subjectsOf('alice', 'INBOX')).toEqual(['m1', 'm2', 'm4', 'm5']);
  });

  it('archive and junk move to the special-use folders; replays answer the counts', async () => {
    const { driver, ref } = await connect('alice');
    await driver.act(ref('4'), 'archive', 'ar');
    const st = await driver.act(ref('5'), 'junk', 'ju');
    expect(st).toMatchObject({ path: 'INBOX', total: 2 });
    expect(await driver.act(ref('4'), 'archive', 'ar')).toEqual(st);
    expect(await driver.act(ref('5'), 'junk', 'ju')).toEqual(st);
    expect(await subjectsOf('alice', 'Archive')).toEqual(['m4']);
    expect(await subjectsOf('alice', 'Junk')).toEqual(['m5']);
    await expect(driver.act(ref('4'), 'flag', 'fl')).rejects.toMatchObject({ code: ErrorCode.MessageGone });
  });

  it('"mark only" sets \\Deleted and keeps the message until purge', async () => {
    const { driver, ref } = await connect('bob', { deleteMode: 'markOnly' });
    let st = await driver.act(ref('1'), 'delete', 'm1');
    expect(st.total).toBe(3);
    expect((await flagsOf('bob', 'INBOX')).b1).toEqual(['\\Deleted']);
    expect(Object.keys(await flagsOf('bob', 'Trash'))).toEqual([]);
    st = await driver.purge('INBOX');
    expect(st).toMatchObject({ total: 2, unseen: 2 });
    expect(Object.keys(await flagsOf('bob', 'INBOX'))).toEqual(['b2', 'b3']);
  });

  it('fetch returns text, html and attachments without setting \\Seen', async () => {
    const pdf = Buffer.alloc(30_000, 7);
    await dc.deliver(
      'carol',
      buildMessage({
        subject: 'with attachment',
        text: 'Plain body here.',
        html: '<p>HTML <b>body</b> here.</p>',
        attachments: [{ filename: 'report.pdf', contentType: 'application/pdf', content: pdf }],
      }),
    );
    const { driver, ref, snap } = await connect('carol');
    expect(snap.messages[0]).toMatchObject({ hasAttachments: true, snippet: 'Plain body here.' });
    const body = await driver.fetch(ref('1'));
    expect(body.text?.trim()).toBe('Plain body here.');
    expect(body.html).toContain('<b>body</b>');
    expect(body.attachments).toEqual([{ filename: 'report.pdf', contentType: 'application/pdf', size: 30_000 }]);
    expect(body.truncated).toBe(false);
    expect(body.header).toMatchObject({ subject: 'with attachment', hasAttachments: true });
    expect((await flagsOf('carol', 'INBOX'))['with attachment']).toEqual([]);
  });

  it('a huge body is cut so the reply stays under 1 MB, with truncated: true', async () => {
    const line = 'All work and no play makes Jack a dull boy. "quoted" \\ ünïcödé\n';
    const text = line.repeat(Math.ceil(2_500_000 / line.length));
    const uid = await dc.append('carol', 'INBOX', buildMessage({ subject: 'huge', text, html: `<pre>${text}</pre>` }));
    const { driver, ref } = await connect('carol');
    const body = await driver.fetch(ref(String(uid)));
    const replyBytes = Buffer.byteLength(JSON.stringify(body));
    console.log(
      `huge message: reply ${replyBytes} bytes, text ${body.text?.length} chars, html ${body.html?.length} chars`,
    );
    expect(body.truncated).toBe(true);
    expect(replyBytes).toBeLessThan(1024 * 1024);
    expect(body.text?.startsWith(line)).toBe(true);
  });
});
