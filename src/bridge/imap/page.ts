/**
 * `mailbox.page` on IMAP: unread headers older than a UID, newest first. `UID SEARCH UID 1:n-1
 * UNSEEN UNDELETED` (RFC 9051 §6.4.4) finds them with commands every IMAP4rev1 server has, so the
 * page needs no CONDSTORE, ESEARCH or SORT; FETCH then reads only the page's own envelopes.
 * Read only, under a read-only lock: paging never changes flags (no implicit \Seen).
 */
import type { ImapFlow } from 'imapflow';
import type { PageResult, PageTarget } from '../accounts/driver';
import { fetchHeaders } from './headers';
import { ensureSameValidity } from './presence';
import { readStatus } from './status';
import type { LockFn } from './work-lock';

/** The UID range below `before` (every UID without it), or undefined when none can be below. */
function rangeBelow(before: string | undefined): string | undefined {
  if (before === undefined) return '1:*';
  const last = Number(before) - 1;
  return last >= 1 ? `1:${last}` : undefined;
}

export async function pageUnseen(
  client: ImapFlow,
  lockFn: LockFn,
  target: PageTarget,
  use?: string,
): Promise<PageResult> {
  const lock = await lockFn(target.mailbox, true);
  try {
    ensureSameValidity(client, target.mailbox, target.uidValidity);
    const { status } = await readStatus(client, target.mailbox, use);
    const range = rangeBelow(target.before);
    const exists = client.mailbox ? client.mailbox.exists : status.total;
    const found =
      range && exists > 0
        ? (await client.search({ uid: range, seen: false, deleted: false }, { uid: true })) || []
        : [];
    const newestFirst = [...found].sort((a, b) => b - a);
    const messages = await fetchHeaders(client, newestFirst.slice(0, target.limit));
    return { mailbox: status, messages, more: newestFirst.length > target.limit };
  } finally {
    lock.release();
  }
}
