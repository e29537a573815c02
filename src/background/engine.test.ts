import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/errors';
import { openMailDb } from '../store/db';
import { refToKey } from '../store/keys';
import { getUnreadTotals, listMessages } from '../store/queries';
import { loadSettings, saveSettings } from '../store/settings';
import { applyDelta } from '../store/sync-writes';
import { freshDbName, header, ref } from '../protocol/testing/fixtures';
import { FakeReplyError } from './testing/fake-bridge';
import { createHarness, FakeServer, type Harness } from './testing/harness';
import { SUMMARY_ID } from './notifications';

const running: Harness[] = [];
function start(name: string, opts?: Parameters<typeof createHarness>[1]): Harness {
  const h = createHarness(name, opts);
  running.push(h);
  h.client.start();
  return h;
}
afterEach(async () => {
  for (const h of running.splice(0)) h.client.stop();
});

const totals = async (name: string) => (await getUnreadTotals(await openMailDb(name))).total;
const actions = (h: Harness) => h.bridge.sent('message.action').map((p) => `${p.action}:${p.ref.uid}`);

describe('sync on connect', () => {
  it('asks for accounts and a resync, stores the snapshot and shows the server count', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    ['1', '2', '3'].forEach((u) => server.deliver('a', u));
    const h = start(name, { server });
    await h.settle();
    expect(h.bridge.sent('accounts.list')).toHaveLength(1);
    expect(h.bridge.sent('resync')).toEqual([{}]);
    expect(await totals(name)).toBe(3);
    expect(h.looks.at(-1)?.text).toBe('3');
    expect(h.created).toEqual([]); // first sync: existing mail is not "new"
  });

  it('applies the same delta twice without change and notifies once', async () => {
    const name = freshDbName();
    const h = start(name);
    await h.settle();
    h.server.deliver('a', '7');
    const delta = { accountId: 'a', mailbox: h.server.status('a'), added: [header('7')], removed: [], flags: [] };
    h.bridge.emit('mailbox.delta', delta);
    h.bridge.emit('mailbox.delta', delta);
    await h.settle();
    expect(await totals(name)).toBe(1);
    expect(h.created).toHaveLength(1);
  });
});

describe('outbox', () => {
  it('applies an action at once, sends it once with its actionId, and keeps the effect over a stale snapshot', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    ['1', '2', '3'].forEach((u) => server.deliver('a', u));
    const h = start(name, { server });
    await h.settle();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.bridge.on('message.action', async (p) => {
      await gate;
      return { mailbox: server.apply(p.ref, p.action) };
    });
    const { actionId } = await h.engine.handlers.performAction({ ref: ref('a', '2'), action: 'markRead' });
    expect(await totals(name)).toBe(2); // optimistic, before the bridge answered
    await h.engine.badge.update();
    expect(h.looks.at(-1)?.text).toBe('2');
    // A snapshot from before the server applied it still lists uid 2 as unread.
    h.bridge.emit('mailbox.snapshot', server.snapshot('a'));
    await h.engine.sync.idle();
    expect(await totals(name)).toBe(2);
    expect((await listMessages({}, await openMailDb(name))).map((m) => m.uid)).toEqual(['3', '1']);
    release();
    await h.settle();
    expect(h.bridge.sent('message.action')).toEqual([{ actionId, ref: ref('a', '2'), action: 'markRead' }]);
    expect(await (await openMailDb(name)).count('outbox')).toBe(0);
    expect(server.status('a').unseen).toBe(2);
    expect(await totals(name)).toBe(2);
  });

  it('keeps actions while the bridge is away and replays them once, in order, on reconnect', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    ['1', '2', '3'].forEach((u) => server.deliver('a', u));
    const h = start(name, { server });
    await h.settle();
    h.bridge.available = false;
    h.bridge.drop();
    await h.settle();
    expect(h.client.status.state).toBe('reconnecting');
    await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'markRead' });
    await h.engine.handlers.performAction({ ref: ref('a', '2'), action: 'flag' });
    await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'markUnread' });
    await h.engine.handlers.performAction({ ref: ref('a', '3'), action: 'delete' });
    await h.settle();
    expect(actions(h)).toEqual([]);
    expect(h.looks.at(-1)).toMatchObject({ text: '2', color: '#80868b' }); // last known count, grey
    h.runReconnect(); // still away: the port drops again
    await h.settle();
    h.bridge.available = true;
    h.runReconnect();
    await h.settle();
    expect(h.client.status.state).toBe('connected');
    expect(actions(h)).toEqual(['markRead:1', 'flag:2', 'markUnread:1', 'delete:3']);
    expect(new Set(h.bridge.sent('message.action').map((p) => p.actionId)).size).toBe(4);
    // Another reconnect replays nothing: the outbox is empty.
    h.bridge.drop();
    h.runReconnect();
    await h.settle();
    expect(actions(h)).toHaveLength(4);
    expect(server.status('a')).toMatchObject({ unseen: 2, total: 2 });
    expect(await totals(name)).toBe(2);
    expect(h.looks.at(-1)).toMatchObject({ text: '2', color: '#1a73e8' });
  });

  it('drops an action on a permanent error, undoes its effect and asks for a resync', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('a', '1');
    const h = start(name, { server });
    await h.settle();
    server.box('a').delete('1'); // expunged elsewhere; we have not heard yet
    await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'markRead' });
    await h.settle();
    expect(h.bridge.sent('message.action')).toHaveLength(1);
    expect(await (await openMailDb(name)).count('outbox')).toBe(0);
    expect(h.bridge.sent('resync')).toContainEqual({ accountId: 'a' });
    expect(await totals(name)).toBe(0); // from the resync snapshot, the server's count
    // A message deleted elsewhere needs no news: no notification about the dropped mark-read.
    expect(h.created.filter((id) => id.startsWith('mailglance:dropped:'))).toEqual([]);
  });

  it('a delete that meets a changed UIDVALIDITY is dropped, resynced, and the user is told', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('a', '1');
    const h = start(name, { server });
    await h.settle();
    server.uidValidity = '2'; // the mailbox was recreated; its UIDs name other messages now
    await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'delete' });
    await h.settle();
    expect(await (await openMailDb(name)).count('outbox')).toBe(0);
    expect(h.bridge.sent('resync')).toContainEqual({ accountId: 'a' });
    const told = h.created.filter((id) => id.startsWith('mailglance:dropped:'));
    expect(told).toHaveLength(1);
    expect(h.shown.get(told[0])).toMatchObject({
      title: 'Not done: Delete',
      message: expect.stringContaining('changed on the server'),
    });
  });

  it('keeps an action after a retryable error and retries it with the same actionId', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('a', '1');
    const h = start(name, { server });
    await h.settle();
    let fail = true;
    h.bridge.on('message.action', (p) => {
      if (fail) throw new FakeReplyError({ code: ErrorCode.Timeout, message: 'slow server', retryable: true });
      return { mailbox: server.apply(p.ref, p.action) };
    });
    await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'markRead' });
    await h.settle();
    const db = await openMailDb(name);
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({ attempts: 1, lastError: expect.stringContaining('TIMEOUT') });
    expect(await totals(name)).toBe(0); // still optimistic
    await h.engine.outbox.flush();
    expect(h.bridge.sent('message.action')).toHaveLength(1); // not due yet
    fail = false;
    h.clock.now += 60_000;
    await h.engine.onWatchdog();
    await h.settle();
    const sent = h.bridge.sent('message.action');
    expect(sent).toHaveLength(2);
    expect(sent[1].actionId).toBe(sent[0].actionId);
    expect(await db.count('outbox')).toBe(0);
  });

  it('sends actions that failed while the server was down as soon as the account is back, not after their backoff', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    ['1', '2'].forEach((u) => server.deliver('a', u));
    const h = start(name, { server });
    await h.settle();
    let serverUp = false;
    h.bridge.on('message.action', (p) => {
      if (!serverUp) throw new FakeReplyError({ code: ErrorCode.ConnectionFailed, message: 'down', retryable: true });
      return { mailbox: server.apply(p.ref, p.action) };
    });
    await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'markRead' });
    await h.settle();
    // Several failed attempts: the next one is minutes away.
    for (let i = 0; i < 6; i++) {
      h.clock.now += 10 * 60_000;
      await h.engine.outbox.flush();
    }
    const db = await openMailDb(name);
    const [failed] = await db.getAll('outbox');
    expect(failed.nextAttemptAt! - h.clock.now).toBeGreaterThan(30_000);
    // A delete held for undo must keep its hold.
    await h.engine.handlers.performAction({ ref: ref('a', '2'), action: 'delete', holdMs: 5_000 });
    serverUp = true;
    const sentBefore = h.bridge.sent('message.action').length;
    h.bridge.emit('account.state', { accountId: 'a', state: 'connected' });
    await h.settle();
    const sent = h.bridge.sent('message.action').slice(sentBefore);
    expect(sent.map((p) => `${p.action}:${p.ref.uid}`)).toEqual(['markRead:1']);
    expect((await db.getAll('outbox')).map((e) => e.action)).toEqual(['delete']);
  });
  it("runs each account's queue on its own: a slow server holds back only its own account, in order", async () => {
    const name = freshDbName();
    const server = new FakeServer();
    ['1', '2'].forEach((u) => server.deliver('a', u));
    server.deliver('b', '1');
    const h = start(name, { server, accounts: ['a', 'b'] });
    await h.settle();
    let releaseA: () => void = () => undefined;
    const aAnswered = new Promise<void>((r) => (releaseA = r));
    h.bridge.on('message.action', async (p) => {
      if (p.ref.accountId === 'a') await aAnswered;
      return { mailbox: server.apply(p.ref, p.action) };
    });
    await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'markRead' });
    await h.engine.handlers.performAction({ ref: ref('a', '2'), action: 'markRead' });
    await h.engine.handlers.performAction({ ref: ref('b', '1'), action: 'markRead' });
    const db = await openMailDb(name);
    const queued = async () => (await db.getAll('outbox')).map((e) => `${e.ref.accountId}:${e.ref.uid}`);
    for (let i = 0; i < 200 && (await queued()).includes('b:1'); i++) await new Promise((r) => setTimeout(r, 5));
    // b's action went through while a's first is still on the (slow) server; a's second waits behind it.
    expect(await queued()).toEqual(['a:1', 'a:2']);
    expect(actions(h)).toEqual(['markRead:1', 'markRead:1']);
    releaseA();
    await h.settle();
    expect(await queued()).toEqual([]);
    expect(h.bridge.sent('message.action').map((p) => `${p.ref.accountId}:${p.ref.uid}`)).toEqual([
      'a:1',
      'b:1',
      'a:2',
    ]);
  });
});

describe('undo (held actions)', () => {
  it('a held delete shows at once, is not sent during the hold, and cancel brings the message back', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    ['1', '2'].forEach((u) => server.deliver('a', u));
    const h = start(name, { server });
    await h.settle();
    const held = await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'delete', holdMs: 5000 });
    // Later actions of the account keep their order behind the held one.
    await h.engine.handlers.performAction({ ref: ref('a', '2'), action: 'markRead' });
    await h.settle();
    expect(await totals(name)).toBe(0); // both effects at once: badge and list agree
    expect(actions(h)).toEqual([]);
    expect(await h.engine.handlers.cancelAction({ actionId: held.actionId })).toEqual({ cancelled: true });
    await h.settle();
    expect(actions(h)).toEqual(['markRead:2']);
    expect((await listMessages({}, await openMailDb(name))).map((m) => m.uid)).toEqual(['1']);
    expect(await totals(name)).toBe(1);
    expect(server.status('a')).toMatchObject({ total: 2, unseen: 1 });
    // Cancelling twice, or an unknown action, is a clear "no".
    expect(await h.engine.handlers.cancelAction({ actionId: held.actionId })).toEqual({ cancelled: false });
  });

  it('a held delete that is not taken back goes once the hold is over, and then cannot be cancelled', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('a', '1');
    const h = start(name, { server });
    await h.settle();
    const { actionId } = await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'delete', holdMs: 5000 });
    await h.settle();
    expect(actions(h)).toEqual([]);
    h.clock.now += 5000;
    await h.engine.onWatchdog();
    await h.settle();
    expect(actions(h)).toEqual(['delete:1']);
    expect(server.status('a').total).toBe(0);
    expect(await h.engine.handlers.cancelAction({ actionId })).toEqual({ cancelled: false });
  });

  it('an action already on its way to the bridge is not cancelled', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('a', '1');
    const h = start(name, { server });
    await h.settle();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.bridge.on('message.action', async (p) => {
      await gate;
      return { mailbox: server.apply(p.ref, p.action) };
    });
    const { actionId } = await h.engine.handlers.performAction({ ref: ref('a', '1'), action: 'delete' });
    await expect.poll(() => actions(h)).toEqual(['delete:1']);
    expect(await h.engine.handlers.cancelAction({ actionId })).toEqual({ cancelled: false });
    release();
    await h.settle();
    expect(server.status('a').total).toBe(0);
    expect(await totals(name)).toBe(0);
  });
});

describe('mark all read', () => {
  /** A server with `n` unread messages, uids 1..n; the bridge's snapshot carries the newest 50. */
  function serverWith(n: number): FakeServer {
    const server = new FakeServer();
    for (let uid = 1; uid <= n; uid++) server.deliver('a', String(uid));
    return server;
  }
  const cached = async (name: string) =>
    (await listMessages({ includeRead: true, limit: 1000 }, await openMailDb(name))).length;

  it("marks the server's 300 unread, not only the 50 cached: badge 0 at once, one request up to the highest uid", async () => {
    const name = freshDbName();
    const server = serverWith(300);
    const h = start(name, { server });
    await h.settle();
    expect(await cached(name)).toBe(50);
    expect(h.looks.at(-1)?.text).toBe('300');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.bridge.on('mailbox.markAllRead', async (p) => {
      await gate;
      return { mailbox: server.markAllRead(p) };
    });
    expect(await h.engine.handlers.markAllRead({})).toEqual({ queued: 1 });
    expect(await totals(name)).toBe(0); // optimistic, before the bridge answered
    await h.engine.badge.update();
    expect(h.looks.at(-1)?.text).toBe('');
    expect(await listMessages({}, await openMailDb(name))).toEqual([]);
    // A snapshot taken before the server applied it still says 300: it must not undo the click.
    h.bridge.emit('mailbox.snapshot', server.snapshot('a'));
    await h.engine.sync.idle();
    expect(await totals(name)).toBe(0);
    await expect.poll(() => h.bridge.sent('mailbox.markAllRead')).toHaveLength(1);
    expect(h.bridge.sent('mailbox.markAllRead')).toEqual([
      { actionId: expect.any(String), accountId: 'a', mailbox: 'INBOX', uidValidity: '1', upToUid: '300' },
    ]);
    expect(h.bridge.sent('message.action')).toEqual([]); // no per-message actions
    release();
    await h.settle();
    const db = await openMailDb(name);
    expect(await db.count('outbox')).toBe(0);
    expect(server.status('a')).toMatchObject({ total: 300, unseen: 0 });
    // After confirmation the counts are the server's, and \Seen is part of the rows' server state.
    expect(await db.get('mailboxes', ['a', 'INBOX'])).toMatchObject({ unseen: 0, maxUid: '300' });
    const rows = await db.getAll('messages');
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.serverFlags.includes('\\Seen') && r.unread === 0)).toBe(true);
    expect(await totals(name)).toBe(0);
    expect(h.looks.at(-1)?.text).toBe('');
  });

  it('waits while the bridge is away and replays once; mail delivered after the click stays unread', async () => {
    const name = freshDbName();
    const server = serverWith(300);
    const h = start(name, { server });
    await h.settle();
    h.bridge.available = false;
    h.bridge.drop();
    await h.settle();
    expect(await h.engine.handlers.markAllRead({ accountId: 'a' })).toEqual({ queued: 1 });
    await h.settle();
    expect(h.bridge.sent('mailbox.markAllRead')).toEqual([]);
    expect(await totals(name)).toBe(0); // at once, with the bridge away
    server.deliver('a', '301'); // arrives after the click, while we are away
    h.bridge.available = true;
    h.runReconnect();
    await h.settle();
    expect(h.client.status.state).toBe('connected');
    expect(h.bridge.sent('mailbox.markAllRead')).toEqual([expect.objectContaining({ upToUid: '300' })]);
    expect(server.status('a')).toMatchObject({ total: 301, unseen: 1 });
    expect(server.box('a').get('301')?.flags).toEqual([]);
    expect(await totals(name)).toBe(1);
    expect((await listMessages({}, await openMailDb(name))).map((m) => m.uid)).toEqual(['301']);
    expect(h.created).toEqual([`mailglance:msg:${refToKey(ref('a', '301'))}`]);
    expect(h.looks.at(-1)).toMatchObject({ text: '1', color: '#1a73e8' });
    // Another reconnect replays nothing: the outbox is empty.
    h.bridge.drop();
    h.runReconnect();
    await h.settle();
    expect(h.bridge.sent('mailbox.markAllRead')).toHaveLength(1);
    expect(await totals(name)).toBe(1);
  });

  it('a message arriving while it waits counts at once; marking one unread afterwards wins over it', async () => {
    const name = freshDbName();
    const server = serverWith(60);
    const h = start(name, { server });
    await h.settle();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.bridge.on('mailbox.markAllRead', async (p) => {
      await gate;
      return { mailbox: server.markAllRead(p) };
    });
    await h.engine.handlers.markAllRead({});
    await h.engine.handlers.performAction({ ref: ref('a', '55'), action: 'markUnread' });
    const added = [server.deliver('a', '61')];
    h.bridge.emit('mailbox.delta', { accountId: 'a', mailbox: server.status('a'), added, removed: [], flags: [] });
    await h.engine.sync.idle();
    expect(await totals(name)).toBe(2); // uid 61 (after the click) and uid 55 (marked unread since)
    expect((await listMessages({}, await openMailDb(name))).map((m) => m.uid)).toEqual(['61', '55']);
    release();
    await h.settle();
    expect(h.bridge.sent('mailbox.markAllRead')).toEqual([expect.objectContaining({ upToUid: '60' })]);
    expect(actions(h)).toEqual(['markUnread:55']); // sent after the mark-all, in order
    expect(server.status('a')).toMatchObject({ total: 61, unseen: 2 });
    expect(await totals(name)).toBe(2);
  });

  it('a changed uidValidity drops it, brings the unread back and resyncs', async () => {
    const name = freshDbName();
    const server = serverWith(3);
    const h = start(name, { server });
    await h.settle();
    server.uidValidity = '2'; // the mailbox was recreated; we have not heard yet
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.bridge.on('mailbox.markAllRead', async (p) => {
      await gate;
      return { mailbox: server.markAllRead(p) };
    });
    await h.engine.handlers.markAllRead({});
    expect(await totals(name)).toBe(0);
    release();
    await h.settle();
    expect(h.bridge.sent('mailbox.markAllRead')).toHaveLength(1);
    expect(await (await openMailDb(name)).count('outbox')).toBe(0);
    expect(h.bridge.sent('resync')).toContainEqual({ accountId: 'a' });
    expect(server.status('a').unseen).toBe(3);
    expect(await totals(name)).toBe(3);
  });

  it('keeps it after a retryable error and retries with the same actionId', async () => {
    const name = freshDbName();
    const server = serverWith(2);
    const h = start(name, { server });
    await h.settle();
    let fail = true;
    h.bridge.on('mailbox.markAllRead', (p) => {
      if (fail) throw new FakeReplyError({ code: ErrorCode.Timeout, message: 'slow server', retryable: true });
      return { mailbox: server.markAllRead(p) };
    });
    await h.engine.handlers.markAllRead({});
    await h.settle();
    expect(await totals(name)).toBe(0);
    fail = false;
    h.clock.now += 60_000;
    await h.engine.onWatchdog();
    await h.settle();
    const sent = h.bridge.sent('mailbox.markAllRead');
    expect(sent).toHaveLength(2);
    expect(sent[1].actionId).toBe(sent[0].actionId);
    expect(server.status('a').unseen).toBe(0);
    expect(await (await openMailDb(name)).count('outbox')).toBe(0);
  });

  it('POP3 sends the UIDLs the user saw, not upToUid; only mailboxes with unread mail are queued', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('p', 'uidl-a');
    server.deliver('p', 'uidl-b');
    server.deliver('c', '1', ['\\Seen']);
    const h = start(name, { server, accounts: ['a', 'p', 'c'], types: { p: 'pop3' } });
    await h.settle();
    expect(await h.engine.handlers.markAllRead({ accountId: 'a' })).toEqual({ queued: 0 });
    expect(await h.engine.handlers.markAllRead({})).toEqual({ queued: 1 });
    await h.settle();
    expect(h.bridge.sent('mailbox.markAllRead')).toEqual([
      {
        actionId: expect.any(String),
        accountId: 'p',
        mailbox: 'INBOX',
        uidValidity: '1',
        upToUidls: expect.arrayContaining(['uidl-a', 'uidl-b']),
      },
    ]);
    expect(server.status('p').unseen).toBe(0);
    expect(await totals(name)).toBe(0);
  });

  it('POP3: replayed after the bridge was away, it leaves mail that arrived meanwhile unread', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('p', 'uidl-a');
    server.deliver('p', 'uidl-b');
    const h = start(name, { server, accounts: ['p'], types: { p: 'pop3' } });
    await h.settle();
    h.bridge.available = false;
    h.bridge.drop();
    await h.settle();
    expect(await h.engine.handlers.markAllRead({})).toEqual({ queued: 1 });
    expect(await totals(name)).toBe(0);
    server.deliver('p', 'uidl-c'); // UIDLs have no order: only the maildrop's says it came later
    h.bridge.available = true;
    h.runReconnect();
    await h.settle();
    expect(h.bridge.sent('mailbox.markAllRead')).toEqual([
      expect.objectContaining({ upToUidls: expect.arrayContaining(['uidl-a', 'uidl-b']) }),
    ]);
    expect(h.bridge.sent('mailbox.markAllRead')[0].upToUidls).toHaveLength(2);
    expect(server.status('p')).toMatchObject({ total: 3, unseen: 1 });
    expect(await totals(name)).toBe(1);
    expect((await listMessages({}, await openMailDb(name))).map((m) => m.uid)).toEqual(['uidl-c']);
    expect(h.created).toEqual([`mailglance:msg:${refToKey(ref('p', 'uidl-c'))}`]);
  });
});

describe('notifications', () => {
  it('never repeats a notification across a restarted worker on the same database', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('a', '1');
    const first = start(name, { server });
    await first.settle();
    server.deliver('a', '2');
    first.bridge.emit('mailbox.delta', {
      accountId: 'a',
      mailbox: server.status('a'),
      added: [server.box('a').get('2')!],
      removed: [],
      flags: [],
    });
    await first.settle();
    expect(first.created).toEqual([`mailglance:msg:${refToKey(ref('a', '2'))}`]);
    await first.stop();

    server.deliver('a', '3'); // arrives while the worker is stopped
    const second = start(name, { server });
    await second.settle();
    expect(second.created).toEqual([`mailglance:msg:${refToKey(ref('a', '3'))}`]);
    expect(second.looks.at(-1)?.text).toBe('3');
    // The bridge repeats itself after a reconnect: still nothing new.
    second.bridge.drop();
    second.runReconnect();
    await second.settle();
    second.bridge.emit('mailbox.delta', {
      accountId: 'a',
      mailbox: server.status('a'),
      added: [server.box('a').get('3')!],
      removed: [],
      flags: [],
    });
    await second.settle();
    expect(second.created).toHaveLength(1);
  });

  it('shows, once, an arrival a stopped worker had stored but not yet notified', async () => {
    const name = freshDbName();
    const server = new FakeServer();
    server.deliver('a', '1');
    const first = start(name, { server });
    await first.settle();
    await first.stop();
    // The old worker applied this delta (rows and claim committed together), then was stopped
    // before its notification was created.
    server.deliver('a', '2');
    const delta = {
      accountId: 'a',
      mailbox: server.status('a'),
      added: [server.box('a').get('2')!],
      removed: [],
      flags: [],
    };
    await applyDelta(await openMailDb(name), delta, 1);

    const second = start(name, { server });
    await second.settle();
    expect(second.created).toEqual([`mailglance:msg:${refToKey(ref('a', '2'))}`]);
    await second.stop();
    const third = start(name, { server });
    await third.settle();
    expect(third.created).toEqual([]);
  });

  it('turns a burst of more than 3 within 2 s into one summary', async () => {
    const name = freshDbName();
    const h = start(name);
    await h.settle();
    const deliver = (uids: string[]) => {
      const added = uids.map((u) => h.server.deliver('a', u));
      h.bridge.emit('mailbox.delta', { accountId: 'a', mailbox: h.server.status('a'), added, removed: [], flags: [] });
    };
    deliver(['1', '2', '3']);
    await h.settle();
    expect([...h.shown.keys()]).toHaveLength(3);
    h.clock.now += 500;
    deliver(['4']);
    await h.settle();
    expect([...h.shown.keys()]).toEqual([SUMMARY_ID]);
    expect(h.shown.get(SUMMARY_ID)?.message).toBe('4 new messages');
    h.clock.now += 500;
    deliver(['5', '6']);
    await h.settle();
    expect(h.shown.get(SUMMARY_ID)?.message).toBe('6 new messages');
    // After a quiet window, single notifications again.
    h.clock.now += 5_000;
    deliver(['7']);
    await h.settle();
    expect(h.shown.has(`mailglance:msg:${refToKey(ref('a', '7'))}`)).toBe(true);
  });

  it('a single event with many arrivals shows only the summary', async () => {
    const h = start(freshDbName());
    await h.settle();
    const added = ['1', '2', '3', '4', '5'].map((u) => h.server.deliver('a', u));
    h.bridge.emit('mailbox.delta', { accountId: 'a', mailbox: h.server.status('a'), added, removed: [], flags: [] });
    await h.settle();
    expect(h.created).toEqual([SUMMARY_ID]);
  });

  it("the summary's button pauses notifications for an hour; the badge keeps counting", async () => {
    const name = freshDbName();
    const h = start(name);
    await h.settle();
    const added = ['1', '2', '3', '4', '5'].map((u) => h.server.deliver('a', u));
    h.bridge.emit('mailbox.delta', { accountId: 'a', mailbox: h.server.status('a'), added, removed: [], flags: [] });
    await h.settle();
    expect(h.shown.get(SUMMARY_ID)?.buttons).toHaveLength(1);
    await h.engine.onNotificationButtonClicked(SUMMARY_ID, 0);
    expect(h.shown.has(SUMMARY_ID)).toBe(false);
    expect((await loadSettings(await openMailDb(name))).notificationsPausedUntil).toBe(h.clock.now + 3_600_000);
    h.clock.now += 10_000;
    const more = [h.server.deliver('a', '6')];
    h.bridge.emit('mailbox.delta', {
      accountId: 'a',
      mailbox: h.server.status('a'),
      added: more,
      removed: [],
      flags: [],
    });
    await h.settle();
    expect(h.shown.size).toBe(0);
    expect(h.looks.at(-1)?.text).toBe('6');
  });

  it('respects the global switch and does not show them later', async () => {
    const name = freshDbName();
    const h = start(name);
    await h.settle();
    await saveSettings(await openMailDb(name), { notifications: false });
    const added = [h.server.deliver('a', '1')];
    h.bridge.emit('mailbox.delta', { accountId: 'a', mailbox: h.server.status('a'), added, removed: [], flags: [] });
    await h.settle();
    expect(h.created).toEqual([]);
  });

  it('buttons mark read / delete through the outbox; a click opens the message page', async () => {
    const name = freshDbName();
    const h = start(name);
    await h.settle();
    const added = [h.server.deliver('a', '1'), h.server.deliver('a', '2')];
    h.bridge.emit('mailbox.delta', { accountId: 'a', mailbox: h.server.status('a'), added, removed: [], flags: [] });
    await h.settle();
    const [id1, id2] = h.created;
    await h.engine.onNotificationButtonClicked(id1, 0);
    await h.engine.onNotificationButtonClicked(id2, 1);
    await h.settle();
    expect(actions(h)).toEqual(['markRead:1', 'delete:2']);
    expect(h.shown.size).toBe(0);
    await h.engine.onNotificationClicked(`mailglance:msg:${refToKey(ref('a', '9'))}`);
    expect(h.tabs).toEqual([`chrome-extension://test/popup.html#/message/${refToKey(ref('a', '9'))}`]);
  });
});

describe('badge', () => {
  it('coalesces a burst of events into few updates', async () => {
    const name = freshDbName();
    const h = start(name);
    await h.settle();
    const before = h.engine.badge.applied;
    for (let i = 1; i <= 30; i++) {
      const added = [h.server.deliver('a', String(i))];
      h.bridge.emit('mailbox.delta', { accountId: 'a', mailbox: h.server.status('a'), added, removed: [], flags: [] });
    }
    await h.settle();
    const updates = h.engine.badge.applied - before;
    console.log(`badge: 30 deltas → ${updates} badge update(s)`);
    expect(updates).toBeLessThanOrEqual(2);
    expect(h.looks.at(-1)?.text).toBe('30');
  });

  it('shows a sign-in failure from account.state', async () => {
    const h = start(freshDbName());
    await h.settle();
    h.bridge.emit('account.state', { accountId: 'a', state: 'authFailed', detail: 'bad password' });
    await h.settle();
    expect(h.looks.at(-1)).toMatchObject({ text: '!', color: '#e37400' });
  });
});
