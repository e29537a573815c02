import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestParams, RequestResult, RequestType } from '../protocol';
import { account, freshDbName, header, mailbox } from '../protocol/testing/fixtures';
import { openMailDb, type MailDb } from '../store/db';
import { listMessages } from '../store/queries';
import { applyDelta, applySnapshot, replaceAccounts } from '../store/sync-writes';
import type { BridgeApi } from './bridge-api';
import { loadOlder, OLDER_PAGE_SIZE } from './older-pages';

let db: MailDb;
beforeEach(async () => {
  db = await openMailDb(freshDbName());
  await replaceAccounts(db, [account('a'), account('b')]);
});

/** A bridge that serves `mailbox.page` from a list of uids per account (newest first), like a server. */
function pagingBridge(unread: Record<string, number[]>, fail: Set<string> = new Set()) {
  const asked: RequestParams<'mailbox.page'>[] = [];
  const bridge: BridgeApi = {
    isConnected: true,
    status: { state: 'connected' } as BridgeApi['status'],
    async request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<RequestResult<T>> {
      if (type !== 'mailbox.page') throw new Error(`unexpected ${type}`);
      const p = params as RequestParams<'mailbox.page'>;
      asked.push(p);
      if (fail.has(p.accountId)) throw Object.assign(new Error('server away'), { code: 'CONNECTION_FAILED' });
      const all = unread[p.accountId].filter((u) => p.before === undefined || u < Number(p.before));
      const page: RequestResult<'mailbox.page'> = {
        mailbox: mailbox(unread[p.accountId].length),
        messages: all.slice(0, p.limit).map((u) => header(String(u))),
        more: all.length > p.limit,
      };
      return page as RequestResult<T>;
    },
  };
  return { bridge, asked };
}

const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe('loadOlder ("Show older")', () => {
  it('pages each mailbox from its oldest cached header and stores the rows, never notifying', async () => {
    const uids = { a: range(200, 1), b: range(30, 1) };
    await applySnapshot(
      db,
      { accountId: 'a', mailbox: mailbox(200), messages: range(200, 151).map((u) => header(String(u))) },
      1,
    );
    await applySnapshot(
      db,
      { accountId: 'b', mailbox: mailbox(30), messages: range(30, 1).map((u) => header(String(u))) },
      1,
    );
    const { bridge, asked } = pagingBridge(uids);

    let out = await loadOlder(db, bridge, () => 2);
    // b lists all its unread mail already: only a is asked, below its snapshot's last uid.
    expect(asked).toEqual([
      { accountId: 'a', mailbox: 'INBOX', uidValidity: '1', before: '151', limit: OLDER_PAGE_SIZE },
    ]);
    expect(out).toEqual({ added: OLDER_PAGE_SIZE, more: true });
    out = await loadOlder(db, bridge, () => 3, 'a');
    expect(asked.at(-1)?.before).toBe('101');
    out = await loadOlder(db, bridge, () => 4, 'a');
    expect(out).toEqual({ added: 50, more: false });
    const listed = await listMessages({ accountId: 'a', limit: 1000 }, db);
    expect(listed.map((m) => Number(m.uid))).toEqual(uids.a);
    expect(await db.count('notified')).toBe(0);
    // Everything listed: nothing more to ask.
    expect(await loadOlder(db, bridge, () => 5)).toEqual({ added: 0, more: false });
    expect(asked).toHaveLength(3);
  });

  it('a delta keeps the cursor; a snapshot puts it back at its own oldest header', async () => {
    await applySnapshot(
      db,
      { accountId: 'a', mailbox: mailbox(100), messages: range(100, 51).map((u) => header(String(u))) },
      1,
    );
    await applyDelta(db, { accountId: 'a', mailbox: mailbox(101), added: [header('101')], removed: [], flags: [] }, 2);
    expect((await db.get('mailboxes', ['a', 'INBOX']))?.olderCursor).toBe('51');
    await applySnapshot(
      db,
      { accountId: 'a', mailbox: mailbox(100), messages: range(101, 60).map((u) => header(String(u))) },
      3,
    );
    expect((await db.get('mailboxes', ['a', 'INBOX']))?.olderCursor).toBe('60');
  });

  it('one account failing still stores the other and asks again; all failing reports why', async () => {
    await applySnapshot(
      db,
      { accountId: 'a', mailbox: mailbox(80), messages: range(80, 51).map((u) => header(String(u))) },
      1,
    );
    await applySnapshot(
      db,
      { accountId: 'b', mailbox: mailbox(80), messages: range(80, 51).map((u) => header(String(u))) },
      1,
    );
    const { bridge } = pagingBridge({ a: range(80, 1), b: range(80, 1) }, new Set(['b']));
    expect(await loadOlder(db, bridge, () => 2)).toEqual({ added: 50, more: true });
    await expect(loadOlder(db, bridge, () => 3, 'b')).rejects.toThrow('server away');
  });
});
