import { useLayoutEffect, useState } from 'preact/hooks';
import type { MailFilter, MailSnapshot, MailSource } from './mail-source';

/**
 * Loads a snapshot for `filter` and reloads it on every change broadcast. A late answer for an
 * older filter never overwrites a newer one. A layout effect, so the load starts (or the
 * prefetched one is taken) right after the first render, not a frame later as an effect would.
 */
export function useMailData(source: MailSource, filter: MailFilter): { data?: MailSnapshot; error?: string } {
  const [state, setState] = useState<{ data?: MailSnapshot; error?: string }>({});
  useLayoutEffect(() => {
    let current = true;
    let generation = 0;
    const reload = () => {
      const mine = ++generation;
      source.load(filter).then(
        (data) => current && mine === generation && setState({ data }),
        (e: unknown) => current && mine === generation && setState((s) => ({ ...s, error: String(e) })),
      );
    };
    reload();
    const unsubscribe = source.subscribe(reload);
    return () => {
      current = false;
      unsubscribe();
    };
  }, [source, filter.accountId, filter.includeRead, filter.limit]);
  return state;
}
