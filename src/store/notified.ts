/** Keys of messages already notified, so a restart or reconnect never repeats a notification. */
import type { MailDb } from './db';

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
