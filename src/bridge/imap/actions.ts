/**
 * User actions on the server (design.md "Delete means what the seeds say"). Every action first
 * checks that the ref still names the same message — same UIDVALIDITY, UID still present — so a
 * replay from the extension's outbox is harmless: it either applies again (flags are
 * idempotent) or answers MESSAGE_GONE.
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
import type { LockFn } from './work-lock';

/** Where special-use folders (RFC 6154) live, e.g. '\\Trash' → 'Trash'. */
export type SpecialUseLookup = (use: string) => Promise<string | undefined>;

async function ensureSameMessage(client: ImapFlow, ref: MessageRef): Promise<void> {
  if (!client.mailbox || String(client.mailbox.uidValidity) !== ref.uidValidity) {
    throw new BridgeError(ErrorCode.MessageGone, `UIDVALIDITY of ${ref.mailbox} changed`);
  }
  const found = await client.search({ uid: ref.uid }, { uid: true });
  if (!found || found.length === 0) throw new BridgeError(ErrorCode.MessageGone, `message ${ref.uid} is gone`);
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
    await ensureSameMessage(client, ref);
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
          // "Merely marked for deletion ... not removed until you purge" (seed 001).
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
