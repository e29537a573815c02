import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import { FIRST_SCREEN_ID } from './first-screen';

/**
 * The app's side of the painted first screen (first-screen.ts). `shown`: the app shows its own
 * content (list, empty state, error), so the painted copy goes, in the same frame. `remember`:
 * what `popup` shows now is what the popup opens on (all accounts, unread, no reader), so the
 * writer (a chunk of its own, loaded after this paint) stores it for the next open, again each
 * time `content` (the data behind it) changes; not on every render: another popup page that
 * re-renders for a bridge status would write its own, possibly older, list over this one's.
 */
export function useFirstScreen(shown: boolean, remember: boolean, popup: RefObject<Element>, content: unknown): void {
  useLayoutEffect(() => {
    if (shown) document.getElementById(FIRST_SCREEN_ID)?.remove();
  }, [shown]);
  useEffect(() => {
    const root = popup.current;
    if (remember && root)
      void import('./first-screen-writer').then(
        (w) => w.rememberSoon(root),
        () => undefined,
      );
  }, [remember, content]);
}
