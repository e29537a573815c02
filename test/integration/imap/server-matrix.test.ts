/**
 * Every action and sync path against servers weaker than Dovecot: extensions withheld through
 * `imap_capability` (UIDPLUS, MOVE, CONDSTORE, QRESYNC, NOTIFY, SPECIAL-USE), and an IDLE that
 * does not push (a proxy holds back what the server says during IDLE until DONE). On each:
 * - new mail in INBOX and in a second watched folder, and another client's read, reach the
 *   driver — by push where the server pushes, else by the push check within a few poll periods,
 *   which also reports push `unreliable` (and never does so on a server that pushes);
 * - delete, archive and delete-inside-Trash never expunge a message another client marked
 *   \Deleted (RFC 9051 §6.4.3: plain EXPUNGE removes them all); without UIDPLUS such a delete
 *   leaves our message marked and hidden, and `purge` removes what the user was shown;
 * - replays are idempotent (one copy in Trash), and a changed UIDVALIDITY answers
 *   MAILBOX_CHANGED with a fresh snapshot of the mailbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import { ErrorCode, type MailboxStatus, type MessageRef } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';
import { TcpProxy } from './tcp-proxy';

const MINIMAL = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE';
const SERVERS = [
  { name: 'Dovecot with every extension', caps: undefined, pushes: true },
  { name: 'no UIDPLUS, MOVE, CONDSTORE, QRESYNC, NOTIFY, SPECIAL-USE', caps: MINIMAL, pushes: true },
  { name: 'UIDPLUS without MOVE', caps: `${MINIMAL} UIDPLUS`, pushes: true },
  { name: 'every extension, IDLE that does not push', caps: undefined, pushes: false },
  { name: 'minimal, IDLE that does not push', caps: MINIMAL, pushes: false },
];
const USERS = ['alice', 'bob', 'carol', 'dave'];
/** Short periods so a missed push is caught within seconds; production polls every 60 s. */
const TIMING = { pollIntervalMs: 1_500, unreliablePollMs: 700, pushGraceMs: 3_000 };

describe.skipIf(!requireDovecot()).each(SERVERS)('IMAP server: $name', ({ caps, pushes }) => {
  let dc: Dovecot;
  let proxy: TcpProxy | undefined;
  let port: number;
  const drivers: AccountDriver[] = [];
  const peer = (user: string) => ({ host: dc.host, port: dc.ports.imap, user, password: 'pw' });

  async function connect(user: string, over = {}) {
    const rec = new Recorder();
    const factory = createImapDriverFactory({ ...TIMING, backoff: { baseMs: 100, maxMs: 500 } });
    const driver = factory.create(
      accountFor(dc, user, { port, watchedFolders: ['INBOX', 'Work'], ...over }),
      'pw',
      rec,
    );
    drivers.push(driver);
    driver.start();
    const inbox = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    await rec.waitMailbox('mailbox.snapshot', 'Work', 0);
    const ref = (uid: string, mailbox = 'INBOX', uidValidity = inbox.mailbox.uidValidity): MessageRef => ({
      accountId: `acct-${user}`,
      mailbox,
      uidValidity,
      uid,
    });
    /** The newest status of `path` reported after event index `from` that satisfies `accept`. */
    const statusAfter = (from: number, path: string, accept: (s: MailboxStatus) => boolean, what: string) =>
      rec.waitFor(
        () =>
          [...rec.of('mailbox.snapshot', from), ...rec.of('mailbox.delta', from)]
            .map((e) => e.mailbox)
            .filter((m) => m.path === path)
            .find(accept),
        20_000,
        what,
      );
    return { rec, driver, ref, statusAfter };
  }

  /** Subject → flags of every message in `mailbox` (a message there twice shows as `subject#2`). */
  async function contents(user: string, mailbox: string): Promise<Record<string, string[]>> {
    return withPeer(peer(user), async (c) => {
      const box = await c.mailboxOpen(mailbox, { readOnly: true });
      const out: Record<string, string[]> = {};
      if (box.exists === 0) return out;
      for (const m of await c.fetchAll('1:*', { uid: true, flags: true, envelope: true })) {
        let key = m.envelope?.subject ?? String(m.uid);
        for (let n = 2; key in out; n++) key = `${m.envelope?.subject}#${n}`;
        out[key] = [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort();
      }
      return out;
    });
  }

  /** Another mail program marks the message with `subject` \Deleted, to purge it later. */
  const markDeletedElsewhere = (user: string, mailbox: string, subject: string) =>
    withPeer(peer(user), async (c) => {
      await c.mailboxOpen(mailbox);
      expect(await c.messageFlagsAdd({ subject }, ['\\Deleted'])).toBe(true);
    });

  const uidOf = (user: string, mailbox: string, subject: string) =>
    withPeer(peer(user), async (c) => {
      await c.mailboxOpen(mailbox, { readOnly: true });
      const uids = (await c.search({ subject }, { uid: true })) || [];
      expect(uids).toHaveLength(1);
      return String(uids[0]);
    });

  beforeAll(async () => {
    dc = await startDovecot({
      users: USERS.map((user) => ({ user, password: 'pw' })),
      ...(caps ? { extraConfig: `protocol imap {\n  imap_capability = ${caps}\n}` } : {}),
    });
    if (!pushes) {
      proxy = new TcpProxy({ host: dc.host, port: dc.ports.imap }, { holdDuringIdle: true });
      port = await proxy.listen();
    } else {
      port = dc.ports.imap;
    }
    for (const user of USERS) {
      dc.seed(
        user,
        'INBOX',
        [1, 2, 3].map((i) => ({ raw: buildMessage({ subject: `m${i}` }) })),
      );
      dc.seed(user, 'Work', [{ raw: buildMessage({ subject: 'w1' }) }]);
    }
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.stop()));
    await proxy?.close();
    await dc?.destroy();
  });

  it('new mail in INBOX and Work and a read elsewhere reach the driver; push health is told truly', async () => {
    const { rec, statusAfter } = await connect('alice');
    let from = rec.events.length;
    await dc.deliver('alice', buildMessage({ subject: 'new in inbox' }));
    await statusAfter(from, 'INBOX', (s) => s.total === 4 && s.unseen === 4, 'INBOX delivery');
    from = rec.events.length;
    await dc.deliver('alice', buildMessage({ subject: 'new in work' }), 'Work');
    await statusAfter(from, 'Work', (s) => s.total === 2 && s.unseen === 2, 'Work delivery');
    from = rec.events.length;
    await withPeer(peer('alice'), async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd({ subject: 'm1' }, ['\\Seen']);
    });
    await statusAfter(from, 'INBOX', (s) => s.unseen === 3, 'read by another client');
    if (pushes) {
      expect(rec.pushes.map((p) => p.push)).not.toContain('unreliable');
      expect(rec.push).toBe('verified');
    } else {
      await rec.waitFor(() => rec.push === 'unreliable', 20_000, 'push reported unreliable');
      // Once unreliable, a delivery still arrives within a few of the tighter periods.
      from = rec.events.length;
      const t0 = Date.now();
      await dc.deliver('alice', buildMessage({ subject: 'after the verdict' }));
      await statusAfter(from, 'INBOX', (s) => s.total === 5, 'delivery once push is unreliable');
      console.log(`${caps ? 'minimal' : 'full'}, IDLE that does not push: delivery → event ${Date.now() - t0} ms`);
    }
  });

  it('delete and archive never expunge what another client marked \\Deleted; replays copy once', async () => {
    const { driver, ref } = await connect('bob');
    await markDeletedElsewhere('bob', 'INBOX', 'm3');
    // With MOVE or UIDPLUS our message leaves at once; without both it is copied, then left
    // marked \Deleted (hidden, not counted) because m3 is marked too.
    const leaves = !caps || caps.includes('MOVE') || caps.includes('UIDPLUS');
    const m1 = await uidOf('bob', 'INBOX', 'm1');
    let st = await driver.act(ref(m1), 'delete', 'd1');
    expect(st).toMatchObject({
      path: 'INBOX',
      unseen: 1,
      ...(leaves ? { total: 2, deleted: 1 } : { total: 3, deleted: 2 }),
    });
    // Replay after a lost reply: the same counts, and still one copy in Trash.
    expect(await driver.act(ref(m1), 'delete', 'd1')).toEqual(st);
    st = await driver.act(ref(await uidOf('bob', 'INBOX', 'm2')), 'archive', 'a1');
    expect(st).toMatchObject({
      path: 'INBOX',
      unseen: 0,
      ...(leaves ? { total: 1, deleted: 1 } : { total: 3, deleted: 3 }),
    });
    const marked = ['\\Deleted'];
    expect(await contents('bob', 'INBOX')).toEqual(leaves ? { m3: marked } : { m1: marked, m2: marked, m3: marked });
    expect(await contents('bob', 'Trash')).toEqual({ m1: [] });
    expect(await contents('bob', 'Archive')).toEqual({ m2: [] });
  });

  it('delete inside Trash removes only that message; without UIDPLUS it waits, hidden, for purge', async () => {
    const { driver, ref } = await connect('carol');
    for (const subject of ['t1', 't2']) await dc.deliver('carol', buildMessage({ subject }), 'Trash');
    await markDeletedElsewhere('carol', 'Trash', 't2');
    const trash = await withPeer(peer('carol'), async (c) => {
      const box = await c.status('Trash', { uidValidity: true });
      return String(box && box.uidValidity);
    });
    const st = await driver.act(ref(await uidOf('carol', 'Trash', 't1'), 'Trash', trash), 'delete', 'x1');
    const uidplus = !caps || caps.includes('UIDPLUS');
    if (uidplus) {
      expect(st).toMatchObject({ path: 'Trash', total: 1, unseen: 0, deleted: 1 });
      expect(await contents('carol', 'Trash')).toEqual({ t2: ['\\Deleted'] });
    } else {
      // Both marked, nothing expunged: t2 was another client's to purge.
      expect(st).toMatchObject({ path: 'Trash', total: 2, unseen: 0, deleted: 2 });
      expect(await contents('carol', 'Trash')).toEqual({ t1: ['\\Deleted'], t2: ['\\Deleted'] });
    }
    // The user's own command, after being shown how many wait: purge.
    expect(await driver.purge('Trash')).toMatchObject({ path: 'Trash', total: 0, unseen: 0 });
    expect(await contents('carol', 'Trash')).toEqual({});
  });

  it('flags, a body, mark all read; a changed UIDVALIDITY answers MAILBOX_CHANGED and resends', async () => {
    const { driver, ref, rec } = await connect('dave');
    const uid = await uidOf('dave', 'INBOX', 'm2');
    await driver.act(ref(uid), 'flag', 'f1');
    await driver.act(ref(uid), 'markRead', 'r1');
    expect((await contents('dave', 'INBOX')).m2).toEqual(['\\Flagged', '\\Seen']);
    expect((await driver.fetch(ref(uid))).header).toMatchObject({ subject: 'm2' });
    const all = await driver.markAllRead({ mailbox: 'INBOX', uidValidity: ref(uid).uidValidity }, 'all');
    expect(all).toMatchObject({ path: 'INBOX', total: 3, unseen: 0 });
    // Work deleted and made again by another client: same name, new UIDVALIDITY.
    const work = rec.of('mailbox.snapshot').find((e) => e.mailbox.path === 'Work')!;
    await withPeer(peer('dave'), async (c) => {
      await c.mailboxDelete('Work');
      await c.mailboxCreate('Work');
    });
    await dc.deliver('dave', buildMessage({ subject: 'w-new' }), 'Work');
    const from = rec.events.length;
    const err = await driver.act(ref('1', 'Work', work.mailbox.uidValidity), 'delete', 'x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.MailboxChanged });
    const fresh = await rec.waitMailbox('mailbox.snapshot', 'Work', from, (d) =>
      d.messages.some((m) => m.subject === 'w-new'),
    );
    expect(fresh.mailbox.uidValidity).not.toBe(work.mailbox.uidValidity);
    expect(await contents('dave', 'Work')).toEqual({ 'w-new': [] });
  });
});
