/**
 * "Mark all read" of a whole mailbox against Dovecot: one UID STORE up to the highest UID the
 * extension has seen marks far more than the 50 cached headers, mail delivered afterwards stays
 * unread, a replay changes nothing, a stale UIDVALIDITY answers MAILBOX_CHANGED and a missing
 * mailbox MESSAGE_GONE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { BridgeError, ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

describe.skipIf(!requireDovecot())('IMAP mark all read', () => {
  let dc: Dovecot;
  const drivers: AccountDriver[] = [];

  async function connect(user: string) {
    const rec = new Recorder();
    const driver = createImapDriverFactory().create(accountFor(dc, user), 'pw', rec);
    drivers.push(driver);
    driver.start();
    const snap = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    return { rec, driver, snap };
  }

  /** UIDs without \Seen, as another client sees them. */
  const unseenUids = (user: string, mailbox = 'INBOX') =>
    withPeer({ host: dc.host, port: dc.ports.imap, user, password: 'pw' }, async (c) => {
      await c.mailboxOpen(mailbox, { readOnly: true });
      return ((await c.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b);
    });

  beforeAll(async () => {
    dc = await startDovecot({ users: ['alice', 'bob'].map((user) => ({ user, password: 'pw' })) });
    const unread = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({ raw: buildMessage({ subject: `${tag}${i + 1}` }) }));
    dc.seed('alice', 'INBOX', unread(120, 'a'));
    dc.seed('bob', 'INBOX', unread(3, 'b'));
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.stop()));
    await dc?.destroy();
  });

  it('marks every message up to a UID, not only the 50 in the snapshot; later mail stays unread', async () => {
    const { driver, snap, rec } = await connect('alice');
    expect(snap.mailbox).toMatchObject({ total: 120, unseen: 120 });
    expect(snap.messages).toHaveLength(50);
    const uidValidity = snap.mailbox.uidValidity;

    // Up to a UID below the highest: exactly the messages above it stay unread.
    let st = await driver.markAllRead({ mailbox: 'INBOX', uidValidity, upToUid: '100' }, 'all-1');
    expect(st).toMatchObject({ path: 'INBOX', total: 120, unseen: 20 });
    expect(await unseenUids('alice')).toEqual(Array.from({ length: 20 }, (_, i) => 101 + i));

    // The user saw up to 120, then a message arrives before the request reaches the server.
    const highest = String(Math.max(...snap.messages.map((m) => Number(m.uid))));
    expect(highest).toBe('120');
    await dc.deliver('alice', buildMessage({ subject: 'arrived after the click' }));
    const from = rec.events.length;
    st = await driver.markAllRead({ mailbox: 'INBOX', uidValidity, upToUid: highest }, 'all-2');
    expect(st).toMatchObject({ total: 121, unseen: 1 });
    expect(await unseenUids('alice')).toEqual([121]);
    // The usual delta follows, with the server's counts and the flag changes of the marked mail.
    const delta = await rec.waitMailbox('mailbox.delta', 'INBOX', from, (d) => d.mailbox.unseen === 1);
    expect(delta.flags).toContainEqual({ uid: '120', flags: ['\\Seen'] });

    // A replay (lost reply, outbox retry) changes nothing.
    st = await driver.markAllRead({ mailbox: 'INBOX', uidValidity, upToUid: highest }, 'all-2');
    expect(st).toMatchObject({ total: 121, unseen: 1 });
    expect(await unseenUids('alice')).toEqual([121]);
  });

  it('without upToUid marks every message; an empty mailbox is fine', async () => {
    const { driver, snap } = await connect('bob');
    expect(snap.mailbox.unseen).toBe(3);
    const st = await driver.markAllRead({ mailbox: 'INBOX', uidValidity: snap.mailbox.uidValidity }, 'b-1');
    expect(st).toMatchObject({ total: 3, unseen: 0 });
    expect(await unseenUids('bob')).toEqual([]);
    const archive = await withPeer({ host: dc.host, port: dc.ports.imap, user: 'bob', password: 'pw' }, async (c) => {
      const st = await c.status('Archive', { uidValidity: true });
      return String(st && st.uidValidity);
    });
    const empty = await driver.markAllRead({ mailbox: 'Archive', uidValidity: archive }, 'b-2');
    expect(empty).toMatchObject({ path: 'Archive', specialUse: '\\Archive', total: 0, unseen: 0 });
  });

  it('a stale UIDVALIDITY (MAILBOX_CHANGED) or a missing mailbox (MESSAGE_GONE) marks nothing', async () => {
    const { driver, snap } = await connect('alice');
    const before = await unseenUids('alice');
    expect(before.length).toBeGreaterThan(0);
    const stale = String(Number(snap.mailbox.uidValidity) - 1);
    const err = await driver.markAllRead({ mailbox: 'INBOX', uidValidity: stale }, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).code).toBe(ErrorCode.MailboxChanged);
    expect(await unseenUids('alice')).toEqual(before);
    await expect(driver.markAllRead({ mailbox: 'No/Such', uidValidity: '1' }, 'y')).rejects.toMatchObject({
      code: ErrorCode.MessageGone,
    });
  });
});
