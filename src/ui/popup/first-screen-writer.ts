/**
 * Keeps the popup's first screen (first-screen.ts) in localStorage, read from the DOM the app
 * rendered so that it holds exactly what the user saw. A chunk of its own: it runs after the
 * list is on screen, so the first paint does not carry it.
 */
import { FIRST_SCREEN_KEY, FIRST_SCREEN_ROWS, FIRST_SCREEN_VERSION, type FirstScreen } from './first-screen';

const text = (e: Element | null | undefined) => e?.textContent ?? '';

/** The heading and first rows (or the empty state) shown in `popup`; undefined: no list there. */
export function shownFirstScreen(popup: Element): FirstScreen | undefined {
  const list = popup.querySelector('ul[role="listbox"]');
  const empty = popup.querySelector('main > p.empty');
  if (!list && !empty) return undefined;
  const rows = [...(list?.querySelectorAll<HTMLElement>(':scope > li[role="option"]') ?? [])];
  return {
    version: FIRST_SCREEN_VERSION,
    heading: text(popup.querySelector('h1.unread-total')),
    label: list?.getAttribute('aria-label') ?? '',
    empty: text(empty),
    rows: rows.slice(0, FIRST_SCREEN_ROWS).map((row) => ({
      key: row.dataset.key ?? '',
      unread: row.classList.contains('unread'),
      colour: row.querySelector<HTMLElement>('.account-bar')?.style.background ?? '',
      sender: text(row.querySelector('.sender')),
      time: text(row.querySelector('.time')),
      dateTime: row.querySelector('time')?.getAttribute('datetime') ?? '',
      subject: text(row.querySelector('.subject')),
      snippet: text(row.querySelector('.snippet')),
      account: text(row.querySelector('.visually-hidden')),
    })),
  };
}

/**
 * Stores what `popup` shows, or forgets the stored screen when it shows no list (no accounts).
 * Writes only when the text changed: localStorage writes go to disk.
 */
export function rememberFirstScreen(popup: Element, storage: Storage = localStorage): void {
  const screen = shownFirstScreen(popup);
  if (!screen) return storage.removeItem(FIRST_SCREEN_KEY);
  const json = JSON.stringify(screen);
  if (storage.getItem(FIRST_SCREEN_KEY) !== json) storage.setItem(FIRST_SCREEN_KEY, json);
}

/** Later writes wait for the list to settle (a sync, a removal) instead of following each render. */
const REWRITE_DELAY_MS = 500;
let timer: ReturnType<typeof setTimeout> | undefined;
let written = false;

/**
 * `rememberFirstScreen` after each render of the list: the first time at once, since a glance
 * at the popup can be shorter than any delay; later changes debounced.
 */
export function rememberSoon(popup: Element): void {
  clearTimeout(timer);
  if (!written) {
    written = true;
    return rememberFirstScreen(popup);
  }
  timer = setTimeout(() => rememberFirstScreen(popup), REWRITE_DELAY_MS);
}
