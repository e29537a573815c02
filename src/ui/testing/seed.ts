/** Test helper: a fresh fake-indexeddb database filled with accounts, mailboxes and messages. */
import 'fake-indexeddb/auto';
import type { AccountView, MailboxStatus, MessageHeader } from '../../protocol/model';
import { openMailDb, type MailDb } from '../../store/db';
import { toRecord } from '../../store/overlay';

let counter = 0;

export { account } from '../../protocol/testing/fixtures';

/** A header `minutesAgo` old (relative to `now`). */
export function header(
  uid: string,
  minutesAgo: number,
  extra: Partial<MessageHeader> = {},
  now = Date.now(),
): MessageHeader {
  return {
    uid,
    messageId: `<m${uid}@example.org>`,
    from: [{ name: `Sender ${uid}`, address: `s${uid}@example.org` }],
    to: [{ address: 'me@example.org' }],
    subject: `Subject ${uid}`,
    date: new Date(now - minutesAgo * 60_000).toISOString(),
    flags: [],
    size: 1000,
    hasAttachments: false,
    snippet: `Snippet ${uid}`,
    ...extra,
  };
}

export interface SeedMailbox {
  accountId: string;
  status?: Partial<MailboxStatus>;
  messages: MessageHeader[];
}

/** Opens a database no other test uses and writes the given rows into it. */
export async function seedDb(accounts: AccountView[], mailboxes: SeedMailbox[]): Promise<MailDb> {
  const db = await openMailDb(`mailglance-ui-test-${process.pid}-${++counter}`);
  const tx = db.transaction(['accounts', 'mailboxes', 'messages'], 'readwrite');
  for (const a of accounts) await tx.objectStore('accounts').put(a);
  for (const mb of mailboxes) {
    const unseen = mb.messages.filter((m) => !m.flags.includes('\\Seen')).length;
    await tx.objectStore('mailboxes').put({
      accountId: mb.accountId,
      path: 'INBOX',
      name: 'Inbox',
      uidValidity: '1',
      total: mb.messages.length,
      unseen,
      syncedAt: Date.now() - 3 * 60_000,
      ...mb.status,
    });
    for (const m of mb.messages) await tx.objectStore('messages').put(toRecord(mb.accountId, 'INBOX', '1', m, []));
  }
  await tx.done;
  return db;
}
