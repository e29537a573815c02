/**
 * Where the popup reads its data: straight from IndexedDB (no round trip to the background or
 * the bridge, so the first paint is instant), reloaded whenever the background broadcasts a
 * change. Tests pass a source over a fake-indexeddb database of their own.
 */
import { onStoreChanged } from '../../messaging/client';
import type { AccountView } from '../../protocol/model';
import { openMailDb, type MailDb } from '../../store/db';
import {
  getAccounts,
  getMailboxes,
  getMessage,
  getUnreadTotals,
  listMessages,
  type MessageView,
  type UnreadTotals,
} from '../../store/queries';
import type { MailboxRecord } from '../../store/schema';
import { loadPausedUntil } from '../../store/pause';

export interface MailFilter {
  /** One account, or all when undefined. */
  accountId?: string;
  includeRead: boolean;
  /** Most rows to list; LIST_LIMIT until the user asks for older mail. */
  limit?: number;
}

/** Everything the popup shows, read in one go. */
export interface MailSnapshot {
  accounts: AccountView[];
  totals: UnreadTotals;
  messages: MessageView[];
  mailboxes: MailboxRecord[];
  /** When the user's notification pause ends (ms since epoch); 0: not paused. */
  pausedUntil: number;
}

export interface MailSource {
  load(filter: MailFilter): Promise<MailSnapshot>;
  /** One cached message by key (read or not); undefined when gone. */
  message(key: string): Promise<MessageView | undefined>;
  /** Calls `listener` when the data may have changed; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** How many rows the popup lists at first; "Show older" adds more. */
export const LIST_LIMIT = 100;

/** What the popup lists when it opens: the newest unread mail of every account. */
export const INITIAL_FILTER: MailFilter = { includeRead: false, limit: LIST_LIMIT };

/** The real source, with `prefetch` to start the first load before the popup renders at all. */
export interface StoreSource extends MailSource {
  /**
   * Starts loading `filter` now; the next `load` of the same filter takes that load instead of
   * starting another. A change broadcast meanwhile drops it (it may have read the old data).
   */
  prefetch(filter: MailFilter): void;
}

function sameFilter(a: MailFilter, b: MailFilter): boolean {
  return a.accountId === b.accountId && a.includeRead === b.includeRead && a.limit === b.limit;
}

/** The real source: the shared Mailglance database and the background's change broadcasts. */
export function storeSource(db: () => Promise<MailDb> = () => openMailDb()): StoreSource {
  let prefetched: { filter: MailFilter; snapshot: Promise<MailSnapshot>; drop: () => void } | undefined;
  const read = async (filter: MailFilter): Promise<MailSnapshot> => {
    const database = await db();
    const [accounts, totals, messages, mailboxes, pausedUntil] = await Promise.all([
      getAccounts(database),
      getUnreadTotals(database),
      listMessages(
        { accountId: filter.accountId, includeRead: filter.includeRead, limit: filter.limit ?? LIST_LIMIT },
        database,
      ),
      getMailboxes(undefined, database),
      loadPausedUntil(database),
    ]);
    return { accounts, totals, messages, mailboxes, pausedUntil };
  };
  const forget = () => {
    prefetched?.drop();
    prefetched = undefined;
  };
  return {
    prefetch(filter) {
      forget();
      const snapshot = read(filter);
      snapshot.catch(() => undefined); // a failed prefetch fails its load, not the page
      prefetched = { filter, snapshot, drop: onStoreChanged(forget) };
    },
    load(filter) {
      const early = prefetched && sameFilter(prefetched.filter, filter) ? prefetched.snapshot : undefined;
      forget();
      return early ?? read(filter);
    },
    async message(key) {
      return getMessage(key, await db());
    },
    subscribe(listener) {
      return onStoreChanged(() => listener());
    },
  };
}
