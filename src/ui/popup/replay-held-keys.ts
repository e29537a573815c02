import { commandFor } from './keyboard';

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

/**
 * Plays the keys pressed on the painted first screen (`held`, from holdKeys in first-screen.ts)
 * into the app once its list is in. Each key acts on the row that was current on the screen the
 * user saw: j/k and the arrows move along the painted rows; any other key goes to the app's row
 * with that key, which is focused first (so it is the app's current row) and then gets the key as
 * a keydown, through the app's own key handling, one frame apart so each key sees the state the
 * one before left. A row the app no longer lists (deleted or read since the screen was stored)
 * stops the replay there: a command never lands on a row the user did not see current. At the
 * end the row the moves led to is focused. Loaded only when keys were held.
 */
export async function replayHeldKeys(held: KeyboardEvent[], painted: Element, list: Element): Promise<void> {
  const seen = [...painted.querySelectorAll<HTMLElement>('[role="option"]')].map((r) => r.dataset.key ?? '');
  const rowOf = (key: string | undefined) =>
    [...list.querySelectorAll<HTMLElement>('[role="option"]')].find((r) => r.dataset.key === key);
  let at = 0;
  let moved = false;
  for (const event of held) {
    const command = commandFor(event);
    if (command === 'next' || command === 'prev') {
      const to = Math.min(Math.max(at + (command === 'next' ? 1 : -1), 0), seen.length - 1);
      moved ||= to !== at;
      at = to;
      continue;
    }
    if (!command) continue; // not one of the popup's keys
    const row = rowOf(seen[at]);
    if (!row) return;
    row.focus();
    await nextFrame();
    // The held event as the init: its key, code and modifiers (a keydown bubbles and cancels).
    row.dispatchEvent(new KeyboardEvent('keydown', event));
    await nextFrame();
  }
  if (moved) rowOf(seen[at])?.focus();
}
