/** Keys of messages already notified, so a restart or reconnect never repeats a notification. */
import type { MailDb } from './db';
import { keyToRef, refToDbKey, refToKey } from './keys';
import type { MessageRecord } from './schema';

/** Whether a notification was shown (or deliberately skipped) for this message key. */
export async function wasNotified(db: MailDb, key: string): Promise<boolean> {
  return (await db.get('notified', key)) !== undefined;
}

/** Forgets keys older than `before` (ms). Safe: old UIDs never count as new again (see maxUid). */
export async function pruneNotified(db: MailDb, before: number): Promise<number> {
  const tx = db.transaction('notified', 'readwrite');
  let removed = 0;
  let cursor = await tx.store.index('byAt').openCursor(IDBKeyRange.upperBound(before, true));
  while (cursor) {
    await cursor.delete();
    removed++;
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

/** The notifier is done with these arrivals (shown, or deliberately not): no longer pending. */
export async function markShown(db: MailDb, records: readonly MessageRecord[]): Promise<void> {
  if (records.length === 0) return;
  const tx = db.transaction('notified', 'readwrite');
  for (const r of records) {
    const key = refToKey(r);
    const row = await tx.store.get(key);
    if (row?.pending) await tx.store.put({ key, at: row.at });
  }
  await tx.done;
}

/**
 * Arrivals an earlier worker claimed but never showed (it was stopped in between): those still
 * cached and unread. Claims whose message is gone or read are settled here.
 */
export async function unshownArrivals(db: MailDb): Promise<MessageRecord[]> {
  const tx = db.transaction(['notified', 'messages'], 'readwrite');
  const notified = tx.objectStore('notified');
  const out: MessageRecord[] = [];
  for (const row of await notified.getAll()) {
    if (!row.pending) continue;
    const ref = keyToRef(row.key);
    const message = ref ? await tx.objectStore('messages').get(refToDbKey(ref)) : undefined;
    if (message?.unread) out.push(message);
    else await notified.put({ key: row.key, at: row.at });
  }
  await tx.done;
  return out;
}
