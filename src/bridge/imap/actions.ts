/**
 * User actions on the server (docs/architecture.md "Delete semantics"). Every action first checks
 * that the ref still names the same mailbox (same UIDVALIDITY) and whether the message is still
 * there (`UID FETCH`, presence.ts), so a replay from the extension's outbox is harmless
 * (docs/protocol.md, `message.action`): flags apply again (idempotent); a removal (delete,
 * archive, junk) whose message is gone, or already marked \Deleted by an earlier attempt, has
 * reached its goal and answers the current counts; a flag change on a gone message answers
 * MESSAGE_GONE; a changed UIDVALIDITY answers MAILBOX_CHANGED for every action. Removals never
 * expunge another message (remove.ts).
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
import type { Logger } from '../log';
import { readStatus } from './status';
import type { MarkAllReadTarget } from '../accounts/driver';
import { ensureSameValidity, flagsOf, isMarkedDeleted } from './presence';
import { moveOne, removeOne, type RemoveContext } from './remove';
import type { LockFn } from './work-lock';

/** Where special-use folders (RFC 6154) live, e.g. '\\Trash' → 'Trash'. */
export type SpecialUseLookup = (use: string) => Promise<string | undefined>;

/** Actions whose goal is "the message is no longer in this mailbox". */
const REMOVALS: ReadonlySet<MessageAction> = new Set<MessageAction>(['delete', 'archive', 'junk']);

/** The special-use folder an action moves to (RFC 6154 §2), if any. */
function targetUse(action: MessageAction, deleteMode: AccountView['deleteMode']): string | undefined {
  if (action === 'delete') return deleteMode === 'trash' ? '\\Trash' : undefined;
  if (action === 'archive') return '\\Archive';
  if (action === 'junk') return '\\Junk';
  return undefined;
}

export interface ActionContext {
  client: ImapFlow;
  lock: LockFn;
  log: Logger;
  accountId: string;
  deleteMode: AccountView['deleteMode'];
  specialUse: SpecialUseLookup;
  /** The special-use flag of the ref's mailbox (shown in the status reply). */
  mailboxUse?: string;
}

/** Apply `action` to the message `ref` points at; resolves with the mailbox's counts after it. */
export async function applyAction(ctx: ActionContext, ref: MessageRef, action: MessageAction): Promise<MailboxStatus> {
  const { client } = ctx;
  // Look folders up before taking the lock: LIST must not run inside another mailbox's lock.
  const use = targetUse(action, ctx.deleteMode);
  const target = use ? await ctx.specialUse(use) : undefined;
  if (use && !target && action !== 'delete') {
    throw new BridgeError(ErrorCode.Unsupported, `this account has no ${use.slice(1)} folder`);
  }
  const lock = await ctx.lock(ref.mailbox, false);
  try {
    ensureSameValidity(client, ref.mailbox, ref.uidValidity);
    const flags = await flagsOf(client, ref.uid);
    if (flags === undefined || (REMOVALS.has(action) && isMarkedDeleted(flags))) {
      // A replayed removal (e.g. the reply to the first attempt was lost) already did its job:
      // moving or expunging again would fail or, worse, copy twice. Answer the counts as a
      // first attempt would.
      if (!REMOVALS.has(action)) throw new BridgeError(ErrorCode.MessageGone, `message ${ref.uid} is gone`);
      return (await readStatus(client, ref.mailbox, ctx.mailboxUse)).status;
    }
    const opt = { uid: true };
    const removal: RemoveContext = { client, log: ctx.log, accountId: ctx.accountId, path: ref.mailbox };
    let ok = true;
    switch (action) {
      case 'markRead':
        ok = await client.messageFlagsAdd(ref.uid, ['\\Seen'], opt);
        break;
      case 'markUnread':
        ok = await client.messageFlagsRemove(ref.uid, ['\\Seen'], opt);
        break;
      case 'flag':
        ok = await client.messageFlagsAdd(ref.uid, ['\\Flagged'], opt);
        break;
      case 'unflag':
        ok = await client.messageFlagsRemove(ref.uid, ['\\Flagged'], opt);
        break;
      case 'delete':
        if (ctx.deleteMode === 'markOnly') {
          // "Mark only, purge later": the message stays until `mailbox.purge`.
          ok = await client.messageFlagsAdd(ref.uid, ['\\Deleted'], opt);
        } else if (target && target !== ref.mailbox) {
          await moveOne(removal, ref.uid, target);
        } else {
          // In Trash, or no Trash: remove just this message.
          await removeOne(removal, ref.uid);
        }
        break;
      case 'archive':
      case 'junk':
        if (target && target !== ref.mailbox) await moveOne(removal, ref.uid, target);
        break;
    }
    // imapflow answers false (it does not throw) when the server says NO to a STORE.
    if (!ok) throw new BridgeError(ErrorCode.ServerError, `the server refused ${action} on message ${ref.uid}`);
    // Our own command synced the session view, so STATUS here includes its effect.
    return (await readStatus(client, ref.mailbox, ctx.mailboxUse)).status;
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

/**
 * Expunge the messages marked \Deleted in `mailbox` ("purge later"), on the user's command: the
 * options page shows how many there are (`MailboxStatus.deleted`) before it asks. By UID where
 * the server has UIDPLUS; a plain EXPUNGE otherwise removes exactly the marked ones too.
 */
export async function purgeMailbox(
  client: ImapFlow,
  lockFn: LockFn,
  mailbox: string,
  use?: string,
): Promise<MailboxStatus> {
  const lock = await lockFn(mailbox, false);
  try {
    if (client.mailbox && client.mailbox.exists > 0) {
      const ok = await client.messageDelete({ deleted: true }, { uid: true });
      if (ok === false) throw new BridgeError(ErrorCode.ServerError, `could not purge ${mailbox}`);
    }
    return (await readStatus(client, mailbox, use)).status;
  } finally {
    lock.release();
  }
}
