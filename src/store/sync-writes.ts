/**
 * Writes of the sync engine, each one IndexedDB transaction so a worker stopped half-way leaves
 * either the old or the new state. All of them are idempotent: applying the same event twice
 * leaves the database as applying it once. Counts are stored as the server sent them.
 */
import type { IDBPObjectStore, StoreNames } from 'idb';
import type { EventData } from '../protocol/messages';
import type { AccountView, MailboxStatus } from '../protocol/model';
import type { MailDb } from './db';
import { refToKey } from './keys';
import { compareUids, pendingFor, toRecord, overlay } from './overlay';
import type { MailboxRecord, MailglanceDB, MessageRecord } from './schema';

/** Messages that just arrived unread and were not notified before (now marked as notified). */
export interface ApplyOutcome {
  arrivals: MessageRecord[];
}

function maxUid(current: string | undefined, uids: Iterable<string>): string | undefined {
  let max = current;
  for (const uid of uids) if (max === undefined ? /^\d+$/.test(uid) : compareUids(uid, max) === 1) max = uid;
  return max;
}

/**
 * Applies a `mailbox.snapshot`: the cached rows of the mailbox become exactly the snapshot's,
 * pending outbox actions re-applied on top. Only unread messages above the last seen UID (or,
 * without numeric UIDs, not cached before) count as arrivals; a first sync notifies nothing.
 */
export async function applySnapshot(
  db: MailDb,
  data: EventData<'mailbox.snapshot'>,
  now: number,
): Promise<ApplyOutcome> {
  const { accountId, mailbox: status, messages: headers } = data;
  const tx = db.transaction(['mailboxes', 'messages', 'outbox', 'notified'], 'readwrite');
  const messages = tx.objectStore('messages');
  const prev = await tx.objectStore('mailboxes').get([accountId, status.path]);
  const pending = await tx.objectStore('outbox').getAll();
  const existing = await messages.index('byMailbox').getAll([accountId, status.path]);
  const sameValidity = prev?.uidValidity === status.uidValidity;
  const known = new Set(existing.filter((r) => r.uidValidity === status.uidValidity).map((r) => r.uid));
  const wanted = new Set(headers.map((h) => h.uid));

  for (const row of existing) {
    if (row.uidValidity !== status.uidValidity || !wanted.has(row.uid)) {
      await messages.delete([row.accountId, row.mailbox, row.uidValidity, row.uid]);
    }
  }
  const candidates: MessageRecord[] = [];
  for (const header of headers) {
    const record = toRecord(
      accountId,
      status.path,
      status.uidValidity,
      header,
      pendingFor(pending, accountId, status.path, status.uidValidity, header.uid),
    );
    await messages.put(record);
    if (!sameValidity || !record.unread || record.serverFlags.some((f) => f.toLowerCase() === '\\seen')) continue;
    const order = prev?.maxUid === undefined ? undefined : compareUids(header.uid, prev.maxUid);
    const isNew = order === undefined ? !known.has(header.uid) && prev?.maxUid === undefined : order > 0;
    if (isNew) candidates.push(record);
  }
  const next: MailboxRecord = {
    ...status,
    accountId,
    syncedAt: now,
    maxUid: maxUid(sameValidity ? prev?.maxUid : undefined, wanted),
    // Snapshots list the newest unread first: paging goes on below the last one.
    ...(headers.length ? { olderCursor: headers[headers.length - 1].uid } : {}),
  };
  await tx.objectStore('mailboxes').put(next);
  const arrivals = await claim(tx.objectStore('notified'), candidates, now);
  await tx.done;
  return { arrivals };
}

/** Applies a `mailbox.delta`: removed, then added, then flag changes; counts from the event. */
export async function applyDelta(db: MailDb, data: EventData<'mailbox.delta'>, now: number): Promise<ApplyOutcome> {
  const { accountId, mailbox: status } = data;
  const validity = status.uidValidity;
  const tx = db.transaction(['mailboxes', 'messages', 'outbox', 'notified'], 'readwrite');
  const messages = tx.objectStore('messages');
  const prev = await tx.objectStore('mailboxes').get([accountId, status.path]);
  const pending = await tx.objectStore('outbox').getAll();
  const sameValidity = prev?.uidValidity === validity;
  if (prev && !sameValidity) {
    // RFC 9051 §2.3.1.1: a new UIDVALIDITY voids every UID we held for this mailbox.
    for (const row of await messages.index('byMailbox').getAll([accountId, status.path])) {
      if (row.uidValidity !== validity) await messages.delete([row.accountId, row.mailbox, row.uidValidity, row.uid]);
    }
  }
  for (const uid of data.removed) await messages.delete([accountId, status.path, validity, uid]);
  const candidates: MessageRecord[] = [];
  for (const header of data.added) {
    const had = await messages.get([accountId, status.path, validity, header.uid]);
    const record = toRecord(
      accountId,
      status.path,
      validity,
      header,
      pendingFor(pending, accountId, status.path, validity, header.uid),
    );
    await messages.put(record);
    if (!had && record.unread && !record.serverFlags.some((f) => f.toLowerCase() === '\\seen')) candidates.push(record);
  }
  for (const change of data.flags) {
    const row = await messages.get([accountId, status.path, validity, change.uid]);
    if (!row) continue; // not cached: the next snapshot brings it if it matters
    const updated = overlay(
      { ...row, serverFlags: change.flags },
      pendingFor(pending, accountId, status.path, validity, change.uid),
    );
    await messages.put(updated);
  }
  await tx.objectStore('mailboxes').put({
    ...status,
    accountId,
    syncedAt: now,
    maxUid: maxUid(
      sameValidity ? prev?.maxUid : undefined,
      data.added.map((h) => h.uid),
    ),
    ...(sameValidity && prev?.olderCursor ? { olderCursor: prev.olderCursor } : {}),
  });
  const arrivals = await claim(tx.objectStore('notified'), candidates, now);
  await tx.done;
  return { arrivals };
}

type NotifiedStore = IDBPObjectStore<MailglanceDB, ArrayLike<StoreNames<MailglanceDB>>, 'notified', 'readwrite'>;

/**
 * Claims candidates in the same transaction (pending until `markShown`); returns those not claimed
 * before.
 */
async function claim(store: NotifiedStore, candidates: MessageRecord[], now: number): Promise<MessageRecord[]> {
  const fresh: MessageRecord[] = [];
  for (const record of candidates) {
    const key = refToKey({
      accountId: record.accountId,
      mailbox: record.mailbox,
      uidValidity: record.uidValidity,
      uid: record.uid,
    });
    if (await store.get(key)) continue;
    await store.put({ key, at: now, pending: true });
    fresh.push(record);
  }
  return fresh;
}

/** IMAP's INBOX is case-insensitive (RFC 9051 §5.1); every other folder name is exact. */
function folderKey(path: string): string {
  return path.toUpperCase() === 'INBOX' ? 'INBOX' : path;
}

/**
 * Replaces the account list (`accounts.list` reply or `accounts.changed`). Mailboxes and messages
 * of accounts that are gone are dropped with them, and so are their queued actions. A folder the
 * user stopped watching loses its cached mailbox and messages too (the bridge no longer keeps
 * them current), but its queued actions stay: they are still owed to the server.
 */
export async function replaceAccounts(db: MailDb, accounts: readonly AccountView[]): Promise<void> {
  const tx = db.transaction(['accounts', 'mailboxes', 'messages', 'outbox'], 'readwrite');
  const watched = new Map(accounts.map((a) => [a.id, new Set(a.watchedFolders.map(folderKey))]));
  const store = tx.objectStore('accounts');
  for (const id of await store.getAllKeys()) if (!watched.has(id)) await store.delete(id);
  for (const account of accounts) await store.put(account);
  for (const mb of await tx.objectStore('mailboxes').getAll()) {
    if (watched.get(mb.accountId)?.has(folderKey(mb.path))) continue;
    await tx.objectStore('mailboxes').delete([mb.accountId, mb.path]);
    const rows = await tx.objectStore('messages').index('byMailbox').getAllKeys([mb.accountId, mb.path]);
    for (const key of rows) await tx.objectStore('messages').delete(key);
  }
  let cursor = await tx.objectStore('outbox').openCursor();
  while (cursor) {
    if (!watched.has(cursor.value.ref.accountId)) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

/** Records an `account.state` event on the stored account; unknown accounts are ignored. */
export async function setAccountState(db: MailDb, data: EventData<'account.state'>): Promise<boolean> {
  const tx = db.transaction('accounts', 'readwrite');
  const account = await tx.store.get(data.accountId);
  if (!account) {
    await tx.done;
    return false;
  }
  const { push: _previous, ...rest } = account;
  await tx.store.put({
    ...rest,
    state: data.state,
    stateDetail: data.detail,
    ...(data.push ? { push: data.push } : {}),
  });
  await tx.done;
  return true;
}

/** Stores the server's counts for a mailbox (e.g. from a `message.action` result), keeping our fields. */
export async function putMailboxStatus(
  db: MailDb,
  accountId: string,
  status: MailboxStatus,
  now: number,
): Promise<void> {
  const tx = db.transaction('mailboxes', 'readwrite');
  const prev = await tx.store.get([accountId, status.path]);
  const same = prev?.uidValidity === status.uidValidity;
  await tx.store.put({
    ...status,
    accountId,
    syncedAt: now,
    maxUid: same ? prev?.maxUid : undefined,
    ...(same && prev?.olderCursor ? { olderCursor: prev.olderCursor } : {}),
  });
  await tx.done;
}
