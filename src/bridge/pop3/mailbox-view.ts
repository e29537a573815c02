/**
 * The POP3 maildrop in the bridge's one mail model: a single mailbox "INBOX" with
 * UIDVALIDITY "0" whose messages are addressed by UIDL and carry a virtual \Seen flag.
 */
import { BridgeError, ErrorCode, type MailboxStatus, type MessageHeader, type MessageRef } from '../../protocol';
import type { HeaderCache } from './header-cache';

export const POP3_MAILBOX = 'INBOX';
/** How many of the newest unread messages get a preview (the snapshot's header list). */
export const PREVIEW_LIMIT = 50;
export const POP3_UIDVALIDITY = '0';
const SEEN = '\\Seen';

/** Flags of a message: only the virtual \Seen exists. */
export function flagsFor(read: boolean): string[] {
  return read ? [SEEN] : [];
}

/** Counts after the last poll: total from UIDL, unseen = UIDLs not in the read set. */
export function statusOf(order: readonly string[], isRead: (uid: string) => boolean): MailboxStatus {
  return {
    path: POP3_MAILBOX,
    name: POP3_MAILBOX,
    specialUse: '\\Inbox',
    uidValidity: POP3_UIDVALIDITY,
    total: order.length,
    unseen: order.reduce((n, uid) => n + (isRead(uid) ? 0 : 1), 0),
  };
}

/** UIDLs of the newest unread messages, newest first (the snapshot's window). */
export function unreadWindow(order: readonly string[], isRead: (uid: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = order.length - 1; i >= 0 && out.length < PREVIEW_LIMIT; i--) {
    if (!isRead(order[i])) out.push(order[i]);
  }
  return out;
}

/**
 * UIDLs a "mark all read" covers: without `seen`, the whole listing; with it, every message up to
 * the latest of `seen` the maildrop still lists (a later number is a later arrival, as for
 * `olderUnread`), so mail that arrived after the user looked stays unread. `null` when the
 * maildrop lists none of `seen` any more: there is nothing left to anchor the user's choice to.
 */
export function listedUpTo(order: readonly string[], seen: readonly string[] | undefined): string[] | null {
  if (!seen) return [...order];
  const wanted = new Set(seen);
  for (let i = order.length - 1; i >= 0; i--) if (wanted.has(order[i])) return order.slice(0, i + 1);
  return null;
}

/**
 * UIDLs of a `mailbox.page`: unread messages listed before `before` in the maildrop (a later
 * number is a later arrival), newest first, at most `limit`, and whether more remain. A `before`
 * the maildrop no longer lists (deleted meanwhile) starts again at the newest: the extension
 * stores headers by UIDL, so a page it already holds only repeats them.
 */
export function olderUnread(
  order: readonly string[],
  isRead: (uid: string) => boolean,
  before: string | undefined,
  limit: number,
): { uids: string[]; more: boolean } {
  const at = before === undefined ? -1 : order.indexOf(before);
  const uids: string[] = [];
  for (let i = (at < 0 ? order.length : at) - 1; i >= 0; i--) {
    if (isRead(order[i])) continue;
    if (uids.length === limit) return { uids, more: true };
    uids.push(order[i]);
  }
  return { uids, more: false };
}

/** Headers of the newest unread messages (newest first), as far as previews exist. */
export function newestUnread(
  order: readonly string[],
  isRead: (uid: string) => boolean,
  cache: HeaderCache,
): MessageHeader[] {
  return unreadWindow(order, isRead).flatMap((uid) => {
    const h = cache.get(uid);
    return h ? [{ ...h, flags: flagsFor(false) }] : [];
  });
}

/** What changed between two polls, or null when nothing did. */
export function deltaOf(
  previous: readonly string[],
  order: readonly string[],
  reportedRead: ReadonlySet<string>,
  isRead: (uid: string) => boolean,
  cache: HeaderCache,
): { added: MessageHeader[]; removed: string[]; flags: Array<{ uid: string; flags: string[] }> } | null {
  const before = new Set(previous);
  const now = new Set(order);
  const addedUids = order.filter((uid) => !before.has(uid));
  const removed = previous.filter((uid) => !now.has(uid));
  // Another bridge process (the other browser) may have changed the shared read set.
  const flags = order
    .filter((uid) => before.has(uid) && reportedRead.has(uid) !== isRead(uid))
    .map((uid) => ({ uid, flags: flagsFor(isRead(uid)) }));
  if (!addedUids.length && !removed.length && !flags.length) return null;
  // New messages beyond the preview window are counted, but carry no header.
  const added = addedUids.flatMap((uid) => {
    const h = cache.get(uid);
    return h ? [{ ...h, flags: flagsFor(isRead(uid)) }] : [];
  });
  return { added, removed, flags };
}

/** Reject refs (or mailbox targets) that do not name this maildrop (wrong mailbox, or not UIDVALIDITY "0"). */
export function checkRef(ref: Pick<MessageRef, 'mailbox' | 'uidValidity'>): void {
  if (ref.mailbox !== POP3_MAILBOX || ref.uidValidity !== POP3_UIDVALIDITY) {
    throw new BridgeError(ErrorCode.MessageGone, `POP3 accounts have only ${POP3_MAILBOX} with UIDVALIDITY 0`);
  }
}
