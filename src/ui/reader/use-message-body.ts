import { useEffect, useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { MessageBody, MessageRef } from '../../protocol/model';
import { bodyCache as cache } from './body-cache';

export { cachedBody, clearBodyCache } from './body-cache';

export type BodyState =
  { status: 'loading' } | { status: 'loaded'; body: MessageBody } | { status: 'error'; code: string; message: string };

/**
 * The full message, fetched through the background (which marks it read when the setting says
 * so). A body fetched once in this popup is not fetched again.
 */
export function useMessageBody(key: string, ref: MessageRef): BodyState {
  const [state, setState] = useState<BodyState>(() => {
    const cached = cache.get(key);
    return cached ? { status: 'loaded', body: cached } : { status: 'loading' };
  });
  useEffect(() => {
    const cached = cache.get(key);
    if (cached) {
      setState({ status: 'loaded', body: cached });
      return;
    }
    let current = true;
    setState({ status: 'loading' });
    sendToBackground('fetchBody', { ref }).then(
      (body) => {
        cache.set(key, body);
        if (current) setState({ status: 'loaded', body });
      },
      (e: unknown) => {
        const err = e as { code?: unknown; message?: unknown };
        if (current) {
          setState({
            status: 'error',
            code: typeof err.code === 'string' ? err.code : 'INTERNAL',
            message: typeof err.message === 'string' ? err.message : String(e),
          });
        }
      },
    );
    return () => {
      current = false;
    };
    // The ref is identified by its key.
  }, [key]);
  return state;
}
