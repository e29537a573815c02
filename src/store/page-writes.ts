/**
 * Stores a `mailbox.page` ("Show older"): the older unread headers join the mailbox's cached rows
 * (pending outbox actions applied on top, like every other write), the counts become the page's,
 * and the mailbox's `olderCursor` moves to the page's last header. Never a notification: paged
 * mail is old mail. A later snapshot replaces the rows again, paged ones included (it is the
 * server's whole picture), and paging then starts from its oldest header.
 */
import type { RequestResult } from '../protocol/messages';
import type { MailDb } from './db';
import { pendingFor, toRecord } from './overlay';

/** Writes one page; returns how many headers were stored (0 when the mailbox changed meanwhile). */
export async function applyPage(
  db: MailDb,
  accountId: string,
  page: RequestResult<'mailbox.page'>,
  now: number,
): Promise<number> {
  const { mailbox: status, messages: headers } = page;
  const tx = db.transaction(['mailboxes', 'messages', 'outbox'], 'readwrite');
  const mailboxes = tx.objectStore('mailboxes');
  const prev = await mailboxes.get([accountId, status.path]);
  // A snapshot with another UIDVALIDITY arrived while the page was read: its uids mean nothing now.
  if (!prev || prev.uidValidity !== status.uidValidity) {
    await tx.done;
    return 0;
  }
  const pending = await tx.objectStore('outbox').getAll();
  const messages = tx.objectStore('messages');
  for (const header of headers) {
    const pendingHere = pendingFor(pending, accountId, status.path, status.uidValidity, header.uid);
    await messages.put(toRecord(accountId, status.path, status.uidValidity, header, pendingHere));
  }
  const last = headers[headers.length - 1]?.uid;
  const olderCursor = last ?? prev.olderCursor;
  await mailboxes.put({
    ...status,
    accountId,
    syncedAt: now,
    maxUid: prev.maxUid,
    ...(olderCursor ? { olderCursor } : {}),
  });
  await tx.done;
  return headers.length;
}
