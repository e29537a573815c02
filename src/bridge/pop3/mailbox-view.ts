/**
 * The POP3 maildrop in the bridge's one mail model: a single mailbox "INBOX" with
 * UIDVALIDITY "0" whose messages are addressed by UIDL and carry a virtual \Seen flag.
 */
import { BridgeError, ErrorCode, type MailboxStatus, type MessageHeader, type MessageRef } from '../../protocol';
import type { HeaderCache } from './header-cache';
import { PREVIEW_LIMIT } from './poll';

export const POP3_MAILBOX = 'INBOX';
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

/** Headers of the newest unread messages (newest first), as far as previews exist. */
export function newestUnread(
  order: readonly string[],
  isRead: (uid: string) => boolean,
  cache: HeaderCache,
): MessageHeader[] {
  const out: MessageHeader[] = [];
  let seen = 0;
  for (let i = order.length - 1; i >= 0 && seen < PREVIEW_LIMIT; i--) {
    if (isRead(order[i])) continue;
    seen++;
    const h = cache.get(order[i]);
    if (h) out.push({ ...h, flags: flagsFor(false) });
  }
  return out;
}

/** Reject refs that do not name this maildrop (wrong mailbox, or not UIDVALIDITY "0"). */
export function checkRef(ref: MessageRef): void {
  if (ref.mailbox !== POP3_MAILBOX || ref.uidValidity !== POP3_UIDVALIDITY) {
    throw new BridgeError(ErrorCode.MessageGone, `POP3 accounts have only ${POP3_MAILBOX} with UIDVALIDITY 0`);
  }
}
