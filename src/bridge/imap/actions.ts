/**
 * User actions on the server (docs/architecture.md "Delete semantics"). Every action first
 * checks that the ref still names the same mailbox (same UIDVALIDITY) and whether the UID is
 * still present, so a replay from the extension's outbox is harmless (docs/protocol.md,
 * `message.action`): flags apply again (idempotent); a removal (delete, archive, junk) whose UID
 * is already gone has reached its goal and answers the current counts; a flag change on a gone
 * message answers MESSAGE_GONE, and so does a changed UIDVALIDITY for every action.
 */
import type { ImapFlow } from 'imapflow';
import {
  BridgeError,
  ErrorCode,
  type AccountView,
  type MailboxStatus,
  type MessageAction,
  type MessageRef,
} from '../../protocol';
import { readStatus } from './status';
import type { MarkAllReadTarget } from '../accounts/driver';
import type { LockFn } from './work-lock';

/** Where special-use folders (RFC 6154) live, e.g. '\\Trash' → 'Trash'. */
export type SpecialUseLookup = (use: string) => Promise<string | undefined>;

/** The selected mailbox must still be the one the UIDs were taken from (RFC 9051 §2.3.1.1). */
function ensureSameValidity(client: ImapFlow, path: string, uidValidity: string): void {
  if (!client.mailbox || String(client.mailbox.uidValidity) !== uidValidity) {
    throw new BridgeError(ErrorCode.MessageGone, `UIDVALIDITY of ${path} changed`);
  }
}

/** Actions whose goal is "the message is no longer in this mailbox". */
const REMOVALS: ReadonlySet<MessageAction> = new Set<MessageAction>(['delete', 'archive', 'junk']);

/**
 * Whether the UID is still in the selected mailbox. UIDs are never reused within one UIDVALIDITY
 * (RFC 9051 §2.3.1.1), so "not found" means it was expunged or moved away, not renumbered.
 */
async function messagePresent(client: ImapFlow, ref: MessageRef): Promise<boolean> {
  ensureSameValidity(client, ref.mailbox, ref.uidValidity);
  const found = await client.search({ uid: ref.uid }, { uid: true });
  return Array.isArray(found) && found.length > 0;
}

async function moveTo(client: ImapFlow, ref: MessageRef, target: string | undefined, use: string): Promise<void> {
  if (!target) throw new BridgeError(ErrorCode.Unsupported, `this account has no ${use} folder`);
  if (target === ref.mailbox) return;
  // MOVE (RFC 6851) when offered; imapflow falls back to COPY + \Deleted + UID EXPUNGE.
  const res = await client.messageMove(ref.uid, target, { uid: true });
  if (!res) throw new BridgeError(ErrorCode.ServerError, `could not move message to ${target}`);
}

/** Apply `action` to the message `ref` points at; resolves with the mailbox's counts after it. */
export async function applyAction(
  client: ImapFlow,
  lockFn: LockFn,
  ref: MessageRef,
  action: MessageAction,
  deleteMode: AccountView['deleteMode'],
  specialUse: SpecialUseLookup,
  mailboxUse?: string,
): Promise<MailboxStatus> {
  // Look folders up before taking the lock: LIST must not run inside another mailbox's lock.
  const target =
    action === 'delete' && deleteMode === 'trash'
      ? await specialUse('\\Trash')
      : action === 'archive'
        ? await specialUse('\\Archive')
        : action === 'junk'
          ? await specialUse('\\Junk')
          : undefined;
  const lock = await lockFn(ref.mailbox, false);
  try {
    if (!(await messagePresent(client, ref))) {
      // A replayed removal (e.g. the reply to the first attempt was lost) already did its job:
      // moving or expunging again would fail or, worse, copy twice. Answer the counts as a
      // first attempt would.
      if (!REMOVALS.has(action)) throw new BridgeError(ErrorCode.MessageGone, `message ${ref.uid} is gone`);
      return (await readStatus(client, ref.mailbox, mailboxUse)).status;
    }
    const opt = { uid: true };
    switch (action) {
      case 'markRead':
        await client.messageFlagsAdd(ref.uid, ['\\Seen'], opt);
        break;
      case 'markUnread':
        await client.messageFlagsRemove(ref.uid, ['\\Seen'], opt);
        break;
      case 'flag':
        await client.messageFlagsAdd(ref.uid, ['\\Flagged'], opt);
        break;
      case 'unflag':
        await client.messageFlagsRemove(ref.uid, ['\\Flagged'], opt);
        break;
      case 'delete':
        if (deleteMode === 'markOnly') {
          // "Mark only, purge later": flagged \Deleted, removed at mailbox.purge (docs/protocol.md).
          await client.messageFlagsAdd(ref.uid, ['\\Deleted'], opt);
        } else if (target && target !== ref.mailbox) {
          await moveTo(client, ref, target, 'Trash');
        } else {
          // In Trash, or no Trash: \Deleted + UID EXPUNGE of just this UID (RFC 4315 §2.1).
          await client.messageDelete(ref.uid, opt);
        }
        break;
      case 'archive':
        await moveTo(client, ref, target, 'Archive');
        break;
      case 'junk':
        await moveTo(client, ref, target, 'Junk');
        break;
    }
    // Our own command synced the session view, so STATUS here includes its effect.
    return (await readStatus(client, ref.mailbox, mailboxUse)).status;
  } finally {
    lock.release();
  }
}

/**
 * Set \Seen on every message of `target.mailbox` with a UID up to `target.upToUid` (all without
 * it): one `UID STORE 1:<uid> +FLAGS.SILENT (\Seen)` (RFC 9051 §6.4.6), however many messages that
 * is. UIDs in a range that do not exist are ignored (§6.4.9), so a replay, or messages expunged
 * meanwhile, change nothing; mail delivered after the user asked has a higher UID and stays unread.
 */
export async function markMailboxRead(
  client: ImapFlow,
  lockFn: LockFn,
  target: MarkAllReadTarget,
  use?: string,
): Promise<MailboxStatus> {
  const lock = await lockFn(target.mailbox, false);
  try {
    ensureSameValidity(client, target.mailbox, target.uidValidity);
    // An empty mailbox has nothing to mark, and no UID for `*` to stand for.
    if (client.mailbox && client.mailbox.exists > 0) {
      const range = target.upToUid ? `1:${target.upToUid}` : '1:*';
      // imapflow answers false (it does not throw) when the server says NO or \Seen is not settable.
      const ok = await client.messageFlagsAdd(range, ['\\Seen'], { uid: true, silent: true });
      if (!ok) throw new BridgeError(ErrorCode.ServerError, `could not mark ${target.mailbox} read`);
    }
    return (await readStatus(client, target.mailbox, use)).status;
  } finally {
    lock.release();
  }
}

/** Expunge the messages marked \Deleted in `mailbox` ("purge later"), by UID where possible. */
export async function purgeMailbox(
  client: ImapFlow,
  lockFn: LockFn,
  mailbox: string,
  use?: string,
): Promise<MailboxStatus> {
  const lock = await lockFn(mailbox, false);
  try {
    await client.messageDelete({ deleted: true }, { uid: true });
    return (await readStatus(client, mailbox, use)).status;
  } finally {
    lock.release();
  }
}
