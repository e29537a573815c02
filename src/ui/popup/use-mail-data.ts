import { useEffect, useState } from 'preact/hooks';
import type { MailFilter, MailSnapshot, MailSource } from './mail-source';

/**
 * Loads a snapshot for `filter` and reloads it on every change broadcast. A late answer for an
 * older filter never overwrites a newer one.
 */
export function useMailData(source: MailSource, filter: MailFilter): { data?: MailSnapshot; error?: string } {
  const [state, setState] = useState<{ data?: MailSnapshot; error?: string }>({});
  useEffect(() => {
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
