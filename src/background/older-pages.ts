/**
 * "Show older": ask the bridge for the next `mailbox.page` of every watched mailbox (of one
 * account, or all) whose server count says it holds more unread mail than the cache lists, and
 * store what comes back. The mailboxes are asked at once; one that fails does not stop the rest,
 * and the failure is reported to the caller rather than dropped.
 */
import type { MailDb } from '../store/db';
import { applyPage } from '../store/page-writes';
import { getAccounts, getMailboxes, isWatched } from '../store/queries';
import type { MailboxRecord } from '../store/schema';
import type { BridgeApi, Clock } from './bridge-api';

/** Headers per mailbox and request: a page of 50 is ~15 KB on the wire, far below 1 MB. */
export const OLDER_PAGE_SIZE = 50;

export interface OlderResult {
  /** Headers stored. */
  added: number;
  /** Whether some mailbox still has older unread mail to page. */
  more: boolean;
}

async function cachedUnread(db: MailDb, mb: MailboxRecord): Promise<number> {
  const rows = await db.getAllFromIndex('messages', 'byMailbox', [mb.accountId, mb.path]);
  return rows.filter((r) => r.uidValidity === mb.uidValidity && r.unread).length;
}

export async function loadOlder(db: MailDb, bridge: BridgeApi, now: Clock, accountId?: string): Promise<OlderResult> {
  const [accounts, mailboxes] = await Promise.all([getAccounts(db), getMailboxes(accountId, db)]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const wanted: MailboxRecord[] = [];
  for (const mb of mailboxes) {
    if (!isWatched(byId.get(mb.accountId), mb)) continue;
    if (mb.unseen > (await cachedUnread(db, mb))) wanted.push(mb);
  }
  const outcomes = await Promise.allSettled(
    wanted.map(async (mb) => {
      const page = await bridge.request('mailbox.page', {
        accountId: mb.accountId,
        mailbox: mb.path,
        uidValidity: mb.uidValidity,
        ...(mb.olderCursor ? { before: mb.olderCursor } : {}),
        limit: OLDER_PAGE_SIZE,
      });
      return { added: await applyPage(db, mb.accountId, page, now()), more: page.more };
    }),
  );
  const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  // Every mailbox failed: say why. Some failed: what arrived is shown, and `more` asks again.
  if (failed && done.length === 0) throw failed.reason;
  return {
    added: done.reduce((n, d) => n + d.added, 0),
    more: !!failed || done.some((d) => d.more),
  };
}
