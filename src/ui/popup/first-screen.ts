/**
 * The popup's first screen as plain data: its heading and first rows (or its empty state) as
 * they showed the last time the popup was open. `first-screen-writer.ts` keeps it in
 * localStorage; `paint-first-screen.ts` (built as `first-screen.js`) paints it from there before
 * the app's code has run, and the app removes it once its own list is in. Both sides use this one
 * module, so the stored shape, its check and its markup cannot drift apart. It imports nothing:
 * the painter must stay a few hundred bytes.
 */

/** The localStorage key: synchronous, so the painter can read it while the page parses. */
export const FIRST_SCREEN_KEY = 'mailglance.firstScreen';
/** Bumped whenever the stored shape changes: an older shape is dropped, never guessed at. */
export const FIRST_SCREEN_VERSION = 1;
/** The id of the painted copy, outside the app's root so Preact never sees it. */
export const FIRST_SCREEN_ID = 'first-screen';
/** More rows than the 600 px popup shows (as MessageList's FIRST_ROWS). */
export const FIRST_SCREEN_ROWS = 20;

/** One row, as the text it showed. */
export interface FirstScreenRow {
  key: string;
  unread: boolean;
  /** The account bar's colour, as the browser serialized it (`rgb(…)`). */
  colour: string;
  sender: string;
  time: string;
  /** The `<time>` element's datetime. */
  dateTime: string;
  subject: string;
  /** Empty: the row had none. */
  snippet: string;
  /** The account's name for screen readers (shown with several accounts); empty: none. */
  account: string;
}

export interface FirstScreen {
  version: typeof FIRST_SCREEN_VERSION;
  /** The header's unread total ("12 unread"). */
  heading: string;
  /** The list's accessible name. */
  label: string;
  rows: FirstScreenRow[];
  /** The empty state's text when the list had no rows. */
  empty: string;
}

// Stored data is read back as untrusted: the rows hold senders and subjects of incoming mail.
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 2000;
const ROW_TEXTS = ['key', 'colour', 'sender', 'time', 'dateTime', 'subject', 'snippet', 'account'] as const;
/** Only a colour function (or none), so a damaged value cannot become a `url(…)` to load. */
const COLOUR = /^((rgb|hsl)a?\([\d\s.,%/]+\))?$/;
const isRow = (r: Partial<FirstScreenRow> | null): r is FirstScreenRow =>
  typeof r?.unread === 'boolean' && ROW_TEXTS.every((f) => isText(r[f])) && COLOUR.test(r.colour!);

/** The stored first screen if it has exactly the current shape, else undefined. */
export function parseFirstScreen(json: string): FirstScreen | undefined {
  try {
    const s = JSON.parse(json) as Partial<FirstScreen> | null;
    if (
      s?.version === FIRST_SCREEN_VERSION &&
      [s.heading, s.label, s.empty].every(isText) &&
      Array.isArray(s.rows) &&
      s.rows.length <= FIRST_SCREEN_ROWS &&
      s.rows.every(isRow)
    )
      return s as FirstScreen;
  } catch {
    // not JSON: dropped below like any other wrong shape
  }
  return undefined;
}

/** Reads the stored first screen; one of the wrong shape or an older version is removed. */
export function takeFirstScreen(storage: Storage): FirstScreen | undefined {
  const json = storage.getItem(FIRST_SCREEN_KEY);
  if (json === null) return undefined;
  const screen = parseFirstScreen(json);
  if (!screen) storage.removeItem(FIRST_SCREEN_KEY);
  return screen;
}

/**
 * The first screen as DOM, with the classes and roles of the real header and list (so the
 * popup's stylesheet lays it out the same). Text goes in as text nodes only, never parsed as
 * markup: it is mail. `inert` and `aria-busy`: nothing in it can be clicked or focused, and
 * screen readers wait for the real list.
 */
export function paintFirstScreen(doc: Document, screen: FirstScreen): HTMLElement {
  const h = (tag: string, attributes: Record<string, string>, ...children: (Node | string)[]) => {
    const e = doc.createElement(tag);
    for (const name in attributes) e.setAttribute(name, attributes[name]);
    e.append(...children);
    return e;
  };
  const rows = screen.rows.map((r, i) =>
    // The first row is the current one, as in a list just opened.
    h(
      'li',
      {
        class: 'row' + (r.unread ? ' unread' : '') + (i ? '' : ' current'),
        'data-key': r.key,
        role: 'option',
        'aria-selected': String(!i),
      },
      h('span', { class: 'check', 'aria-hidden': 'true' }),
      h('span', { class: 'account-bar', style: 'background:' + r.colour, 'aria-hidden': 'true' }),
      h(
        'span',
        { class: 'row-main' },
        h(
          'span',
          { class: 'row-top' },
          h('span', { class: 'sender' }, r.sender),
          h('time', { class: 'time', datetime: r.dateTime }, r.time),
        ),
        h('span', { class: 'subject' }, r.subject),
        ...(r.snippet ? [h('span', { class: 'snippet' }, r.snippet)] : []),
        ...(r.account ? [h('span', { class: 'visually-hidden' }, r.account)] : []),
      ),
    ),
  );
  return h(
    'div',
    { id: FIRST_SCREEN_ID, class: 'popup', inert: '', 'aria-busy': 'true' },
    h(
      'header',
      { class: 'popup-header' },
      h('div', { class: 'header-top' }, h('h1', { class: 'unread-total' }, screen.heading)),
    ),
    h(
      'main',
      {},
      rows.length
        ? h(
            'div',
            { class: 'list-wrap' },
            h(
              'ul',
              { class: 'messages', role: 'listbox', 'aria-multiselectable': 'true', 'aria-label': screen.label },
              ...rows,
            ),
          )
        : h('p', { class: 'empty', role: 'status' }, screen.empty),
    ),
  );
}

/** More keys than this, before an app that takes a few hundred ms, is typing, not commands. */
export const MAX_HELD_KEYS = 20;

/**
 * While the painted copy shows, the app's key handler is not there yet: the keys pressed are
 * held on the copy, for the app to play once its list is in (`heldKeysOf`, replay-held-keys.ts).
 * Only held, not acted on: this is part of the painter, which stays small.
 */
export function holdKeys(doc: Document, painted: HTMLElement): void {
  const keys: KeyboardEvent[] = [];
  const onKey = (event: KeyboardEvent) => {
    if (!painted.isConnected) doc.removeEventListener('keydown', onKey);
    else if (keys.length < MAX_HELD_KEYS) keys.push(event);
  };
  doc.addEventListener('keydown', onKey);
  (painted as { heldKeys?: KeyboardEvent[] }).heldKeys = keys;
}

/** The keys `holdKeys` held on this painted copy, in the order they were pressed. */
export const heldKeysOf = (painted: HTMLElement): KeyboardEvent[] =>
  (painted as { heldKeys?: KeyboardEvent[] }).heldKeys ?? [];
