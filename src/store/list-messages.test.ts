import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshDbName } from '../protocol/testing/fixtures';
import { openMailDb, type MailDb } from './db';
import { listMessages } from './queries';
import type { MessageRecord } from './schema';

function row(accountId: string, uid: number, minute: number, unread: boolean, hidden: boolean): MessageRecord {
  const date = new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();
  return {
    accountId,
    mailbox: 'INBOX',
    uidValidity: '1',
    uid: String(uid),
    messageId: `<${uid}@test>`,
    from: [],
    to: [],
    subject: `s${uid}`,
    snippet: '',
    date,
    sortDate: date,
    flags: [],
    serverFlags: [],
    size: 1,
    hasAttachments: false,
    unread: unread ? 1 : 0,
    hidden: hidden ? 1 : 0,
  };
}

/** What the popup listed before: a backwards cursor, one row per step, skipping hidden rows. */
async function byCursor(db: MailDb, includeRead: boolean, accountId: string | undefined, limit: number) {
  const index = db.transaction('messages').store.index(includeRead ? 'byDate' : 'byUnreadDate');
  const keys: string[] = [];
  let cursor = await index.openCursor(null, 'prev');
  while (cursor && keys.length < limit) {
    const v = cursor.value;
    if (!v.hidden && (includeRead || v.unread) && (accountId === undefined || v.accountId === accountId))
      keys.push(`${v.accountId}/${v.uid}`);
    cursor = await cursor.continue();
  }
  return keys;
}

describe('listMessages', () => {
  it('lists what a backwards cursor lists: ties, hidden rows and limits of any size', async () => {
    const rows = fc.array(
      fc.record({
        account: fc.constantFrom('a', 'b'),
        // Few distinct minutes, so many rows share a date (an index key).
        minute: fc.integer({ min: 0, max: 6 }),
        unread: fc.boolean(),
        hidden: fc.boolean(),
      }),
      { maxLength: 40 },
    );
    await fc.assert(
      fc.asyncProperty(
        rows,
        fc.integer({ min: 1, max: 45 }),
        fc.boolean(),
        fc.constantFrom(undefined, 'a', 'b'),
        async (list, limit, includeRead, accountId) => {
          const db = await openMailDb(freshDbName());
          const tx = db.transaction('messages', 'readwrite');
          list.forEach((r, i) => void tx.store.put(row(r.account, i + 1, r.minute, r.unread, r.hidden)));
          await tx.done;
          const listed = await listMessages({ includeRead, accountId, limit }, db);
          expect(listed.map((m) => `${m.accountId}/${m.uid}`)).toEqual(
            await byCursor(db, includeRead, accountId, limit),
          );
          db.close();
        },
      ),
      { numRuns: 150 },
    );
  });
});
