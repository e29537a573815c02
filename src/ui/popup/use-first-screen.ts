import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import { FIRST_SCREEN_ID, heldKeysOf } from './first-screen';

/**
 * The app's side of the painted first screen (first-screen.ts). `shown`: the app shows its own
 * content (list, empty state, error), so the painted copy goes, in the same frame, and the keys
 * pressed on it are played into the app (replay-held-keys.ts). `remember`:
 * what `popup` shows now is what the popup opens on (all accounts, unread, no reader), so the
 * writer (a chunk of its own, loaded after this paint) stores it for the next open, again each
 * time `content` (the data behind it) changes; not on every render: another popup page that
 * re-renders for a bridge status would write its own, possibly older, list over this one's.
 */
export function useFirstScreen(shown: boolean, remember: boolean, popup: RefObject<Element>, content: unknown): void {
  useLayoutEffect(() => {
    const painted = shown && document.getElementById(FIRST_SCREEN_ID);
    if (!painted) return;
    painted.remove();
    // The app's key handler has listened since its first render (data comes later), and the
    // replay waits a frame before its first key, by when this render's effects have run too.
    const held = heldKeysOf(painted);
    const list = popup.current;
    if (held.length && list)
      void import('./replay-held-keys').then(
        (r) => r.replayHeldKeys(held, painted, list),
        () => undefined,
      );
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
