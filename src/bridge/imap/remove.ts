/**
 * Taking exactly one message out of the selected mailbox, and never any other.
 *
 * - With UIDPLUS: `UID STORE +FLAGS (\Deleted)` then `UID EXPUNGE <uid>` (RFC 4315 §2.1), which
 *   removes that UID only.
 * - Without UIDPLUS the only expunge is plain `EXPUNGE` (RFC 9051 §6.4.3), which removes every
 *   message marked \Deleted — including those another client marked and meant to purge later.
 *   So it is sent only when `UID SEARCH DELETED` shows our message alone is marked, checked right
 *   before; otherwise the message stays marked \Deleted, the extension hides it (a \Deleted
 *   message is not listed or counted, see status.ts), and `mailbox.purge` removes it when the
 *   user asks.
 * - A move without MOVE (RFC 6851 §3.3) is COPY, then the removal above on the source.
 *
 * Each path is confirmed with a FETCH afterwards (presence.ts): a server that answers OK and
 * still holds the message unmarked is an error, not a success.
 */
import type { ImapFlow } from 'imapflow';
import { BridgeError, ErrorCode } from '../../protocol';
import type { Logger } from '../log';
import { flagsOf, isMarkedDeleted } from './presence';

/** What happened to the source message. */
export type Removal = 'expunged' | 'markedDeleted';

export interface RemoveContext {
  client: ImapFlow;
  log: Logger;
  accountId: string;
  path: string;
}

const UID = { uid: true } as const;

/** Fails unless the server now shows `uid` gone (expunged) or marked \Deleted (left for purge). */
async function confirmRemoved(ctx: RemoveContext, uid: string, expected: Removal, what: string): Promise<Removal> {
  const flags = await flagsOf(ctx.client, uid);
  if (flags === undefined) return 'expunged';
  if (expected === 'markedDeleted' && isMarkedDeleted(flags)) return 'markedDeleted';
  ctx.log.warn('server contradicts itself: message still there after a successful command', {
    accountId: ctx.accountId,
    command: what,
    flags: [...flags].join(' '),
  });
  throw new BridgeError(
    ErrorCode.ServerError,
    `the server accepted ${what} but message ${uid} is still in ${ctx.path}${isMarkedDeleted(flags) ? '' : ' unmarked'}`,
  );
}

/** Whether `uid` is the only message of the selected mailbox marked \Deleted (RFC 9051 §6.4.4). */
async function onlyOneMarked(client: ImapFlow, uid: string): Promise<boolean> {
  const marked = (await client.search({ deleted: true }, UID)) || [];
  return marked.length === 1 && String(marked[0]) === uid;
}

/** Remove `uid` from the selected mailbox without touching any other message. */
export async function removeOne(ctx: RemoveContext, uid: string): Promise<Removal> {
  const { client } = ctx;
  if (client.capabilities.has('UIDPLUS')) {
    // imapflow's messageDelete sends UID EXPUNGE <uid> when UIDPLUS is advertised.
    if (!(await client.messageDelete(uid, UID))) throw new BridgeError(ErrorCode.ServerError, 'UID EXPUNGE failed');
    return confirmRemoved(ctx, uid, 'expunged', 'UID EXPUNGE');
  }
  if (!(await client.messageFlagsAdd(uid, ['\\Deleted'], UID))) {
    throw new BridgeError(ErrorCode.ServerError, `could not mark message ${uid} \\Deleted`);
  }
  if (!(await onlyOneMarked(client, uid))) {
    ctx.log.info('fallback: no UIDPLUS and other messages are marked \\Deleted; left this one marked for purge', {
      accountId: ctx.accountId,
      mailbox: ctx.path,
    });
    return confirmRemoved(ctx, uid, 'markedDeleted', 'STORE \\Deleted');
  }
  ctx.log.info('fallback: no UIDPLUS; plain EXPUNGE after checking only this message is marked', {
    accountId: ctx.accountId,
    mailbox: ctx.path,
  });
  // messageDelete without UIDPLUS = STORE \Deleted (already set, harmless) + EXPUNGE.
  if (!(await client.messageDelete(uid, UID))) throw new BridgeError(ErrorCode.ServerError, 'EXPUNGE failed');
  return confirmRemoved(ctx, uid, 'expunged', 'EXPUNGE');
}

/** Move `uid` to `target`: MOVE where offered, else COPY + removeOne. */
export async function moveOne(ctx: RemoveContext, uid: string, target: string): Promise<Removal> {
  const { client } = ctx;
  if (client.capabilities.has('MOVE')) {
    if (!(await client.messageMove(uid, target, UID))) {
      throw new BridgeError(ErrorCode.ServerError, `could not move message to ${target}`);
    }
    return confirmRemoved(ctx, uid, 'expunged', 'UID MOVE');
  }
  ctx.log.info('fallback: no MOVE; COPY then remove from the source', { accountId: ctx.accountId, mailbox: ctx.path });
  if (!(await client.messageCopy(uid, target, UID))) {
    // The source stays untouched when the copy failed: nothing is lost.
    throw new BridgeError(ErrorCode.ServerError, `could not copy message to ${target}`);
  }
  return removeOne(ctx, uid);
}
