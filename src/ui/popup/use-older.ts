import { useEffect, useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';

/** Rows added to the list per step when the cache already holds more than it shows. */
export const LIST_STEP = 100;

interface Args {
  accountId: string | undefined;
  /** Rows the last load returned, and the limit it was asked with. */
  rows: number;
  limit: number;
  /** Unread listed and unread on the servers (for the chosen account, or all). */
  listedUnread: number;
  totalUnread: number;
  setLimit: (update: (limit: number) => number) => void;
  onError: (error: unknown) => void;
}

/**
 * "Show older": first shows more of what the cache holds; when the list shows all of it, asks the
 * background for the next page from the servers (`loadOlder`). When a page brings nothing new
 * (the servers' counts include mail the pages skip, e.g. not yet synced), it stops offering more
 * until the counts change.
 */
export function useOlder({ accountId, rows, limit, listedUnread, totalUnread, setLimit, onError }: Args) {
  const [loading, setLoading] = useState(false);
  const [exhaustedAt, setExhaustedAt] = useState<string | undefined>();
  const stamp = `${accountId ?? '*'}:${totalUnread}`;
  useEffect(() => setExhaustedAt(undefined), [accountId]);
  const cacheHasMore = rows >= limit;
  const canLoad = cacheHasMore || (totalUnread > listedUnread && exhaustedAt !== stamp);

  const load = async () => {
    if (loading || !canLoad) return;
    if (cacheHasMore) return setLimit((l) => l + LIST_STEP);
    setLoading(true);
    try {
      const { added } = await sendToBackground('loadOlder', accountId === undefined ? {} : { accountId });
      if (added > 0) setLimit((l) => l + added);
      else setExhaustedAt(stamp);
    } catch (e) {
      onError(e);
      setExhaustedAt(stamp);
    } finally {
      setLoading(false);
    }
  };
  return { canLoad, loading, load, exhausted: exhaustedAt === stamp && !cacheHasMore };
}
