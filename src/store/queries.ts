/**
 * Read-only queries for the popup, the options page and the badge. Every list is served by an
 * index (newest first), never by a scan of all messages. Each function takes an optional `db`
 * (tests); by default it uses the shared connection.
 */
import type { AccountView, MessageRef } from '../protocol/model';
import { openMailDb, type MailDb } from './db';
import { keyToRef, refToDbKey, refToKey } from './keys';
import { isMailboxAction, overlay, pendingFor } from './overlay';
import type { MailboxRecord, MessageRecord, OutboxRecord } from './schema';

/** A cached message with its string key (for routes like `#/message/<key>`). */
export type MessageView = MessageRecord & { key: string };

export interface ListMessagesOptions {
  /** Only this account; all accounts when omitted. */
  accountId?: string;
  /** Include messages already read (still cached); default false. */
  includeRead?: boolean;
  /** Default 50. */
  limit?: number;
}

function view(row: MessageRecord): MessageView {
  return {
    ...row,
    key: refToKey({ accountId: row.accountId, mailbox: row.mailbox, uidValidity: row.uidValidity, uid: row.uid }),
  };
}

/** Newest cached messages first: unread only by default, across accounts or for one. */
export async function listMessages(options: ListMessagesOptions = {}, db?: MailDb): Promise<MessageView[]> {
  const database = db ?? (await openMailDb());
  const limit = options.limit ?? 50;
  const store = database.transaction('messages').store;
  const { accountId, includeRead } = options;
  const rows = includeRead
    ? accountId === undefined
      ? await newestRows(store.index('byDate'), '', '\uffff', limit)
      : await newestRows(store.index('byAccountDate'), [accountId, ''], [accountId, '\uffff'], limit)
    : accountId === undefined
      ? await newestRows(store.index('byUnreadDate'), [1, ''], [1, '\uffff'], limit)
      : await newestRows(store.index('byAccountUnreadDate'), [accountId, 1, ''], [accountId, 1, '\uffff'], limit);
  return rows.map(view);
}

/** The parts of an idb index `newestRows` uses (any of the message indexes). */
interface RowIndex {
  openCursor(
    range: IDBKeyRange,
    direction: IDBCursorDirection,
  ): Promise<{ key: IDBValidKey; advance(count: number): Promise<{ key: IDBValidKey } | null> } | null>;
  getAll(range: IDBKeyRange): Promise<MessageRecord[]>;
}

/**
 * The newest `limit` rows not hidden, between the index keys `lower` and `upper`, newest first:
 * what a backwards cursor would give, in three round trips instead of one per row. A cursor
 * finds the key `limit` rows down, then one getAll fetches everything from there up (getAll
 * only reads forwards: reversed, that is the cursor's order, ties by primary key included).
 * Rows sharing that last key all come in the batch; hidden rows leave a shortfall, which the
 * next batch, strictly below the last key, makes up.
 */
async function newestRows(
  index: RowIndex,
  lower: IDBValidKey,
  upper: IDBValidKey,
  limit: number,
): Promise<MessageRecord[]> {
  const out: MessageRecord[] = [];
  let range = IDBKeyRange.bound(lower, upper);
  while (out.length < limit) {
    const newest = await index.openCursor(range, 'prev');
    if (!newest) break;
    const need = limit - out.length;
    const last = need > 1 ? await newest.advance(need - 1) : newest;
    const batch = await index.getAll(last ? IDBKeyRange.bound(last.key, range.upper, false, range.upperOpen) : range);
    for (let i = batch.length - 1; i >= 0 && out.length < limit; i--) if (!batch[i].hidden) out.push(batch[i]);
    // The batch reached the bottom of the range, or nothing lies below its last key.
    if (!last || indexedDB.cmp(last.key, lower) <= 0) break;
    range = IDBKeyRange.bound(lower, last.key, false, true);
  }
  return out;
}

/** One cached message by ref or by key; undefined if not cached or hidden by a pending delete. */
export async function getMessage(ref: MessageRef | string, db?: MailDb): Promise<MessageView | undefined> {
  const database = db ?? (await openMailDb());
  const parsed = typeof ref === 'string' ? keyToRef(ref) : ref;
  if (!parsed) return undefined;
  const row = await database.get('messages', refToDbKey(parsed));
  return row && !row.hidden ? view(row) : undefined;
}

/** Every mailbox with the server's counts; one account's when `accountId` is given. */
export async function getMailboxes(accountId?: string, db?: MailDb): Promise<MailboxRecord[]> {
  const database = db ?? (await openMailDb());
  return accountId === undefined
    ? database.getAll('mailboxes')
    : database.getAllFromIndex('mailboxes', 'byAccount', accountId);
}

/** Accounts as the bridge last reported them. */
export async function getAccounts(db?: MailDb): Promise<AccountView[]> {
  const database = db ?? (await openMailDb());
  return database.getAll('accounts');
}

/** Number of user actions still waiting for the server. */
export async function countPendingActions(db?: MailDb): Promise<number> {
  const database = db ?? (await openMailDb());
  return database.count('outbox');
}

export interface AccountTotal {
  accountId: string;
  label: string;
  /** Server count with pending actions applied on top. */
  unread: number;
  includeInBadge: boolean;
  state: AccountView['state'] | 'unknown';
  stateDetail?: string;
  /** Highest usage / limit over the account's mailboxes (0–1), when the server reports a quota. */
  quotaRatio?: number;
}

export interface UnreadTotals {
  /** Sum over accounts with includeInBadge. */
  total: number;
  accounts: AccountTotal[];
}

/** Whether `mailbox` is one the account watches (the badge counts only those). */
export function isWatched(account: AccountView | undefined, mailbox: MailboxRecord): boolean {
  if (!account || account.watchedFolders.length === 0) return true;
  // RFC 9051 §5.1: INBOX is case-insensitive; other names compare exactly.
  return account.watchedFolders.some(
    (f) => f === mailbox.path || (f.toUpperCase() === 'INBOX' && mailbox.path.toUpperCase() === 'INBOX'),
  );
}

/**
 * Unread per account: the server's `unseen` of each watched mailbox, plus the effect of pending
 * outbox actions on cached rows (the only numbers not taken from the server). While a "mark all
 * read" of a mailbox waits, the server's count no longer applies: the mailbox counts its cached
 * rows that still show unread (mail that arrived after the click, or marked unread since).
 */
export async function getUnreadTotals(db?: MailDb): Promise<UnreadTotals> {
  const database = db ?? (await openMailDb());
  const tx = database.transaction(['accounts', 'mailboxes', 'messages', 'outbox']);
  const [accounts, mailboxes, pending] = await Promise.all([
    tx.objectStore('accounts').getAll(),
    tx.objectStore('mailboxes').getAll(),
    tx.objectStore('outbox').getAll(),
  ]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const totals = new Map<string, AccountTotal>();
  const entry = (accountId: string): AccountTotal => {
    let t = totals.get(accountId);
    if (!t) {
      const a = byId.get(accountId);
      t = {
        accountId,
        label: a?.label || a?.user || accountId,
        unread: 0,
        includeInBadge: a?.includeInBadge ?? true,
        state: a?.state ?? 'unknown',
        stateDetail: a?.stateDetail,
      };
      totals.set(accountId, t);
    }
    return t;
  };
  for (const a of accounts) entry(a.id);
  const markedRead = new Set(pending.filter(isMailboxAction).map((p) => mailboxKey(p.ref)));
  const messages = tx.objectStore('messages');
  for (const mb of mailboxes) {
    if (!isWatched(byId.get(mb.accountId), mb)) continue;
    const t = entry(mb.accountId);
    if (markedRead.has(mailboxKey({ ...mb, mailbox: mb.path }))) {
      const rows = await messages.index('byMailbox').getAll([mb.accountId, mb.path]);
      for (const row of rows) {
        if (row.uidValidity !== mb.uidValidity) continue;
        t.unread += overlay(row, pendingFor(pending, row.accountId, row.mailbox, row.uidValidity, row.uid)).unread;
      }
    } else {
      t.unread += mb.unseen;
    }
    if (mb.quota && mb.quota.limit > 0) t.quotaRatio = Math.max(t.quotaRatio ?? 0, mb.quota.usage / mb.quota.limit);
  }
  await applyPendingEffects(
    messages,
    pending,
    (p) => !isMailboxAction(p) && !markedRead.has(mailboxKey(p.ref)),
    (accountId, delta) => (entry(accountId).unread += delta),
  );
  for (const t of totals.values()) t.unread = Math.max(0, t.unread);
  const list = [...totals.values()];
  return { total: list.filter((t) => t.includeInBadge).reduce((n, t) => n + t.unread, 0), accounts: list };
}

/** One string per mailbox generation (a new uidValidity is another mailbox). */
function mailboxKey(m: { accountId: string; mailbox: string; uidValidity: string }): string {
  return JSON.stringify([m.accountId, m.mailbox, m.uidValidity]);
}

/** Adds the effect of the pending actions `adjusts` picks on their cached rows. */
async function applyPendingEffects(
  messages: { get(key: [string, string, string, string]): Promise<MessageRecord | undefined> },
  pending: OutboxRecord[],
  adjusts: (entry: OutboxRecord) => boolean,
  add: (accountId: string, delta: number) => void,
): Promise<void> {
  const seen = new Set<string>();
  for (const p of pending) {
    if (!adjusts(p)) continue;
    const key = refToKey(p.ref);
    if (seen.has(key)) continue;
    seen.add(key);
    const row = await messages.get(refToDbKey(p.ref));
    if (!row) continue; // not cached: its server state is unknown, so nothing to adjust
    const serverUnread = overlay(row, []).unread;
    const shown = overlay(
      row,
      pendingFor(pending, p.ref.accountId, p.ref.mailbox, p.ref.uidValidity, p.ref.uid),
    ).unread;
    if (shown !== serverUnread) add(p.ref.accountId, shown - serverUnread);
  }
}
