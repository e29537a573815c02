/**
 * Bodies fetched while this popup is open; the store keeps headers only. Apart from the hook that
 * fetches them (use-message-body.ts, in the reader's chunk), so the popup's list can ask for a
 * body (Reply from the keyboard) without loading the reader first.
 */
import type { MessageBody } from '../../protocol/model';

export const bodyCache = new Map<string, MessageBody>();

/** The body of `key` when this popup fetched it already (Reply from the keyboard needs it). */
export function cachedBody(key: string): MessageBody | undefined {
  return bodyCache.get(key);
}

/** Forgets cached bodies (tests). */
export function clearBodyCache(): void {
  bodyCache.clear();
}
