/**
 * The outbox rows: user actions queued until the bridge confirms them. Each write also updates
 * the optimistic state of the messages it targets (one message, or the cached rows of a mailbox
 * for "mark all read"), in the same transaction, so the popup and the badge never see an action
 * without its effect or an effect without its action.
 */
import type { MailboxStatus, MessageRef } from '../protocol/model';
import type { MailDb } from './db';
import { refToDbKey } from './keys';
import { applyAction, covers, isMailboxAction, overlay, pendingFor } from './overlay';
import type { MessageRecord, OutboxAction, OutboxRecord } from './schema';

function txFor(db: MailDb) {
  return db.transaction(['outbox', 'messages', 'mailboxes'], 'readwrite');
}
type OutboxTx = ReturnType<typeof txFor>;

/** Re-applies the pending actions (`pending`: the whole outbox) to one cached row. */
async function refreshRow(
  tx: OutboxTx,
  row: MessageRecord,
  pending: readonly OutboxRecord[],
  serverChange?: OutboxAction,
): Promise<void> {
  const messages = tx.objectStore('messages');
  const key = refToDbKey(row);
  let serverFlags = row.serverFlags;
  if (serverChange) {
    const after = applyAction({ flags: serverFlags, gone: false }, serverChange);
    if (after.gone) {
      await messages.delete(key);
      return;
    }
    serverFlags = after.flags;
  }
  const mine = pendingFor(pending, row.accountId, row.mailbox, row.uidValidity, row.uid);
  await messages.put(overlay({ ...row, serverFlags }, mine));
}

/**
 * Re-applies the remaining pending actions to every cached row `entry` acts on; with
 * `serverChange`, the server applied `entry` and its effect becomes part of their server state.
 */
async function refreshTargets(tx: OutboxTx, entry: OutboxRecord, serverChange?: OutboxAction): Promise<void> {
  const messages = tx.objectStore('messages');
  const { accountId, mailbox } = entry.ref;
  const rows = isMailboxAction(entry)
    ? (await messages.index('byMailbox').getAll([accountId, mailbox])).filter((r) =>
        covers(entry, r.accountId, r.mailbox, r.uidValidity, r.uid),
      )
    : [await messages.get(refToDbKey(entry.ref))].filter((r) => r !== undefined);
  if (rows.length === 0) return;
  const pending = await tx.objectStore('outbox').getAll();
  for (const row of rows) await refreshRow(tx, row, pending, serverChange);
}

/**
 * Queues an action and applies its effect to the cached message at once. `notBefore` holds it
 * back (the outbox does not send it earlier), which is how undo works.
 */
export async function enqueueAction(
  db: MailDb,
  ref: MessageRef,
  action: OutboxAction,
  actionId: string,
  now: number,
  notBefore?: number,
  uidls?: string[],
): Promise<OutboxRecord> {
  const tx = txFor(db);
  const record: OutboxRecord = { actionId, ref, action, ...(uidls ? { uidls } : {}), createdAt: now, attempts: 0 };
  if (notBefore !== undefined && notBefore > now) record.nextAttemptAt = notBefore;
  record.seq = await tx.objectStore('outbox').add(record);
  await refreshTargets(tx, record);
  await tx.done;
  return record;
}

/** All queued actions in replay order. */
export async function listOutbox(db: MailDb): Promise<OutboxRecord[]> {
  return db.getAll('outbox');
}

/** The oldest queued action, or undefined when the outbox is empty. */
export async function firstOutboxEntry(db: MailDb): Promise<OutboxRecord | undefined> {
  const cursor = await db.transaction('outbox').store.openCursor();
  return cursor?.value;
}

/**
 * The server applied the action: drop it, make its effect part of the row's server state and
 * store the server's counts from the reply. Calling it twice is harmless (the row is gone).
 */
export async function confirmAction(db: MailDb, seq: number, mailbox: MailboxStatus, now: number): Promise<boolean> {
  const tx = txFor(db);
  const entry = await tx.objectStore('outbox').get(seq);
  if (!entry) {
    await tx.done;
    return false;
  }
  await tx.objectStore('outbox').delete(seq);
  const applied = entry.ref.uidValidity === mailbox.uidValidity && entry.ref.mailbox === mailbox.path;
  await refreshTargets(tx, entry, applied ? entry.action : undefined);
  const mailboxes = tx.objectStore('mailboxes');
  const prev = await mailboxes.get([entry.ref.accountId, mailbox.path]);
  const same = prev?.uidValidity === mailbox.uidValidity;
  await mailboxes.put({
    ...mailbox,
    accountId: entry.ref.accountId,
    syncedAt: now,
    maxUid: same ? prev?.maxUid : undefined,
  });
  await tx.done;
  return true;
}

/** A permanent failure: forget the action and undo its optimistic effect. */
export async function dropAction(db: MailDb, seq: number): Promise<OutboxRecord | undefined> {
  const tx = txFor(db);
  const entry = await tx.objectStore('outbox').get(seq);
  if (entry) {
    await tx.objectStore('outbox').delete(seq);
    await refreshTargets(tx, entry);
  }
  await tx.done;
  return entry;
}

/**
 * The user took the action back before it was sent: forget it and undo its optimistic effect.
 * Returns false when no such action waits (already confirmed, dropped or never queued).
 */
export async function cancelQueuedAction(db: MailDb, actionId: string): Promise<boolean> {
  const tx = txFor(db);
  const outbox = tx.objectStore('outbox');
  // The outbox holds a handful of rows; a scan is cheaper than another index to keep.
  const entry = (await outbox.getAll()).find((e) => e.actionId === actionId);
  if (entry?.seq !== undefined) {
    await outbox.delete(entry.seq);
    await refreshTargets(tx, entry);
  }
  await tx.done;
  return entry !== undefined;
}

/** A retryable failure: count it and keep the action for a later attempt. */
export async function deferAction(db: MailDb, seq: number, error: string, nextAttemptAt: number): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  const entry = await tx.store.get(seq);
  if (entry) await tx.store.put({ ...entry, attempts: entry.attempts + 1, lastError: error, nextAttemptAt });
  await tx.done;
}

/**
 * The account (or, without one, the bridge) is back: actions waiting out a retry delay may go at
 * once instead of after the rest of their backoff (up to 5 min after a long outage). Actions held
 * for undo have never been attempted and keep their hold. Returns how many were released.
 */
export async function releaseRetries(db: MailDb, accountId?: string): Promise<number> {
  const tx = db.transaction('outbox', 'readwrite');
  let released = 0;
  for (const entry of await tx.store.getAll()) {
    if (entry.attempts === 0 || entry.nextAttemptAt === undefined) continue;
    if (accountId !== undefined && entry.ref.accountId !== accountId) continue;
    const { nextAttemptAt: _due, ...rest } = entry;
    await tx.store.put(rest);
    released++;
  }
  await tx.done;
  return released;
}
