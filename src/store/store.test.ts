import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { account, freshDbName, header, mailbox, ref } from '../protocol/testing/fixtures';
import { openMailDb, closeMailDb, DB_VERSION, type MailDb } from './db';
import { keyToRef, refToKey } from './keys';
import { confirmAction, dropAction, enqueueAction } from './outbox';
import { getMessage, getUnreadTotals, listMessages } from './queries';
import { DEFAULT_SETTINGS, loadSettings, normalizeSettings, saveSettings } from './settings';
import { applyDelta, applySnapshot, replaceAccounts } from './sync-writes';

let db: MailDb;
let name: string;

beforeEach(async () => {
  name = freshDbName();
  db = await openMailDb(name);
});

async function dump() {
  return {
    mailboxes: await db.getAll('mailboxes'),
    messages: await db.getAll('messages'),
    notified: await db.getAll('notified'),
  };
}

describe('schema', () => {
  it('creates every store at the current version', () => {
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'accounts',
      'drafts',
      'mailboxes',
      'messages',
      'notified',
      'outbox',
      'settings',
    ]);
  });
});

describe('keys', () => {
  it('round-trips refs with separators and unicode in their parts', () => {
    const r = { accountId: 'a:b', mailbox: 'Lists/Ünïcode %41', uidValidity: '7', uid: 'UIDL:x/y' };
    const key = refToKey(r);
    expect(key.split(':')).toHaveLength(4);
    expect(keyToRef(key)).toEqual(r);
    expect(keyToRef('a:b')).toBeUndefined();
    expect(keyToRef('a:%E0%A4%A:1:2')).toBeUndefined();
  });
});

describe('snapshots and deltas', () => {
  const snap = (unseen: number, uids: string[], validity = '1') => ({
    accountId: 'a',
    mailbox: mailbox(unseen, { uidValidity: validity }),
    messages: uids.map((u) => header(u)),
  });

  it('applying the same snapshot twice changes nothing', async () => {
    await applySnapshot(db, snap(2, ['1', '2']), 1000);
    const first = await dump();
    const again = await applySnapshot(db, snap(2, ['1', '2']), 1000);
    expect(again.arrivals).toEqual([]);
    expect(await dump()).toEqual(first);
    expect(first.messages).toHaveLength(2);
  });

  it('a first snapshot notifies nothing; a later one notifies only newer unread uids', async () => {
    expect((await applySnapshot(db, snap(2, ['5', '6']), 1)).arrivals).toEqual([]);
    const later = await applySnapshot(
      db,
      {
        ...snap(4, ['3', '5', '6', '7']),
        messages: [header('3'), header('5'), header('6'), header('7'), header('8', { flags: ['\\Seen'] })],
      },
      2,
    );
    expect(later.arrivals.map((m) => m.uid)).toEqual(['7']);
  });

  it('a changed uidValidity drops the mailbox rows and notifies nothing', async () => {
    await applySnapshot(db, snap(2, ['1', '2']), 1);
    const out = await applySnapshot(db, snap(1, ['9'], '2'), 2);
    expect(out.arrivals).toEqual([]);
    const rows = await db.getAll('messages');
    expect(rows.map((r) => [r.uidValidity, r.uid])).toEqual([['2', '9']]);
    expect((await db.get('mailboxes', ['a', 'INBOX']))?.unseen).toBe(1);
  });

  it('a delta with a new uidValidity drops rows of the old one', async () => {
    await applySnapshot(db, snap(2, ['1', '2']), 1);
    await applyDelta(
      db,
      { accountId: 'a', mailbox: mailbox(1, { uidValidity: '3' }), added: [header('1')], removed: [], flags: [] },
      2,
    );
    expect((await db.getAll('messages')).map((r) => r.uidValidity)).toEqual(['3']);
  });

  it('applies deltas idempotently and takes counts from the event, never by arithmetic', async () => {
    await applySnapshot(db, snap(2, ['1', '2']), 1);
    const delta = {
      accountId: 'a',
      mailbox: mailbox(7),
      added: [header('3')],
      removed: ['1'],
      flags: [{ uid: '2', flags: ['\\Seen'] }],
    };
    const first = await applyDelta(db, delta, 2);
    expect(first.arrivals.map((m) => m.uid)).toEqual(['3']);
    const state = await dump();
    const second = await applyDelta(db, delta, 2);
    expect(second.arrivals).toEqual([]);
    expect(await dump()).toEqual(state);
    expect((await db.get('mailboxes', ['a', 'INBOX']))?.unseen).toBe(7);
    expect((await listMessages({}, db)).map((m) => m.uid)).toEqual(['3']);
    expect((await listMessages({ includeRead: true }, db)).map((m) => m.uid)).toEqual(['3', '2']);
  });

  it('does not notify mail that arrived already read', async () => {
    await applySnapshot(db, snap(0, []), 1);
    const out = await applyDelta(
      db,
      { accountId: 'a', mailbox: mailbox(0), added: [header('4', { flags: ['\\Seen'] })], removed: [], flags: [] },
      2,
    );
    expect(out.arrivals).toEqual([]);
  });
});

describe('queries', () => {
  it('lists newest unread first across accounts, per account, with a limit', async () => {
    await replaceAccounts(db, [account('a'), account('b')]);
    await applySnapshot(db, { accountId: 'a', mailbox: mailbox(2), messages: [header('1'), header('3')] }, 1);
    await applySnapshot(db, { accountId: 'b', mailbox: mailbox(1), messages: [header('2')] }, 1);
    expect((await listMessages({}, db)).map((m) => `${m.accountId}${m.uid}`)).toEqual(['a3', 'b2', 'a1']);
    expect((await listMessages({ accountId: 'a', limit: 1 }, db)).map((m) => m.uid)).toEqual(['3']);
    const one = await getMessage(ref('b', '2'), db);
    expect(one?.subject).toBe('Subject 2');
    expect((await getMessage(one!.key, db))?.uid).toBe('2');
    expect(await getUnreadTotals(db)).toMatchObject({
      total: 3,
      accounts: [
        { accountId: 'a', unread: 2 },
        { accountId: 'b', unread: 1 },
      ],
    });
  });

  it('counts only accounts included in the badge in the total', async () => {
    await replaceAccounts(db, [account('a'), account('b', { includeInBadge: false })]);
    await applySnapshot(db, { accountId: 'a', mailbox: mailbox(2), messages: [] }, 1);
    await applySnapshot(db, { accountId: 'b', mailbox: mailbox(5), messages: [] }, 1);
    expect((await getUnreadTotals(db)).total).toBe(2);
  });

  it('removing an account drops its mailboxes, messages and queued actions', async () => {
    await replaceAccounts(db, [account('a'), account('b')]);
    await applySnapshot(db, { accountId: 'b', mailbox: mailbox(1), messages: [header('1')] }, 1);
    await enqueueAction(db, ref('b', '1'), 'markRead', 'x', 1);
    await replaceAccounts(db, [account('a')]);
    expect(await db.count('messages')).toBe(0);
    expect(await db.count('mailboxes')).toBe(0);
    expect(await db.count('outbox')).toBe(0);
  });

  it('a folder no longer watched loses its cached rows, not its queued actions', async () => {
    await replaceAccounts(db, [account('a', { watchedFolders: ['INBOX', 'Work'] })]);
    await applySnapshot(db, { accountId: 'a', mailbox: mailbox(1), messages: [header('1')] }, 1);
    const work = { ...mailbox(1), path: 'Work', name: 'Work' };
    await applySnapshot(db, { accountId: 'a', mailbox: work, messages: [header('7')] }, 1);
    expect((await getUnreadTotals(db)).total).toBe(2);
    await enqueueAction(db, { ...ref('a', '7'), mailbox: 'Work' }, 'markRead', 'x', 1);
    // "inbox" is INBOX: it stays.
    await replaceAccounts(db, [account('a', { watchedFolders: ['inbox'] })]);
    expect((await db.getAll('mailboxes')).map((m) => m.path)).toEqual(['INBOX']);
    expect((await db.getAll('messages')).map((m) => `${m.mailbox}/${m.uid}`)).toEqual(['INBOX/1']);
    expect(await db.count('outbox')).toBe(1);
    expect((await getUnreadTotals(db)).total).toBe(1);
  });
});

describe('optimistic overlay', () => {
  beforeEach(async () => {
    await replaceAccounts(db, [account('a')]);
    await applySnapshot(
      db,
      { accountId: 'a', mailbox: mailbox(3), messages: [header('1'), header('2'), header('3')] },
      1,
    );
  });

  it('applies a queued action at once and keeps it over a snapshot that still shows the old state', async () => {
    const entry = await enqueueAction(db, ref('a', '2'), 'markRead', 'id-1', 5);
    expect((await getUnreadTotals(db)).total).toBe(2);
    expect((await listMessages({}, db)).map((m) => m.uid)).toEqual(['3', '1']);
    // The server has not applied it yet: the snapshot still says 3 unread including uid 2.
    await applySnapshot(
      db,
      { accountId: 'a', mailbox: mailbox(3), messages: [header('1'), header('2'), header('3')] },
      6,
    );
    expect((await getUnreadTotals(db)).total).toBe(2);
    // Confirmation carries the server's count; the row's server state now includes the effect.
    await confirmAction(db, entry.seq!, mailbox(2), 7);
    expect(await db.count('outbox')).toBe(0);
    expect((await getUnreadTotals(db)).total).toBe(2);
    expect((await getMessage(ref('a', '2'), db))?.flags).toContain('\\Seen');
  });

  it('hides a pending delete and restores the row when the action is dropped', async () => {
    const entry = await enqueueAction(db, ref('a', '1'), 'delete', 'id-2', 5);
    expect(await getMessage(ref('a', '1'), db)).toBeUndefined();
    expect((await getUnreadTotals(db)).total).toBe(2);
    await dropAction(db, entry.seq!);
    expect((await getMessage(ref('a', '1'), db))?.unread).toBe(1);
    expect((await getUnreadTotals(db)).total).toBe(3);
  });

  it('hides a message the server holds marked \\Deleted (waiting for a purge), even if unread', async () => {
    await applyDelta(
      db,
      {
        accountId: 'a',
        mailbox: { ...mailbox(2), deleted: 1 },
        added: [],
        removed: [],
        flags: [{ uid: '2', flags: ['\\Deleted'] }],
      },
      2,
    );
    expect(await getMessage(ref('a', '2'), db)).toBeUndefined();
    expect((await listMessages({}, db)).map((m) => m.uid)).toEqual(['3', '1']);
    // Another client clears the mark: the message is back.
    await applyDelta(
      db,
      {
        accountId: 'a',
        mailbox: mailbox(3),
        added: [],
        removed: [],
        flags: [{ uid: '2', flags: [] }],
      },
      3,
    );
    expect((await getMessage(ref('a', '2'), db))?.unread).toBe(1);
  });

  it('a "mark all read" naming UIDLs covers those rows only, not mail that arrives while it waits', async () => {
    const mailboxRef = { accountId: 'a', mailbox: 'INBOX', uidValidity: mailbox(3).uidValidity, uid: '' };
    await enqueueAction(db, mailboxRef, 'markAllRead', 'id-3', 5, undefined, ['3', '2']);
    expect((await listMessages({}, db)).map((m) => m.uid)).toEqual(['1']);
    await applyDelta(db, { accountId: 'a', mailbox: mailbox(4), added: [header('4')], removed: [], flags: [] }, 6);
    expect((await listMessages({}, db)).map((m) => m.uid)).toEqual(['4', '1']);
    expect((await getUnreadTotals(db)).total).toBe(2);
  });
});

describe('settings', () => {
  it('fills defaults, repairs invalid stored values and rejects invalid patches', async () => {
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect(
      normalizeSettings({ version: 1, values: { badgeColor: 'red', sound: 'yes', notifications: false } }),
    ).toEqual({
      ...DEFAULT_SETTINGS,
      notifications: false,
    });
    expect((await saveSettings(db, { badgeColor: '#00aa00' })).badgeColor).toBe('#00aa00');
    await expect(saveSettings(db, { badgeColor: 'green' })).rejects.toThrow();
    await closeMailDb(name);
    expect((await loadSettings(await openMailDb(name))).badgeColor).toBe('#00aa00');
  });
});
