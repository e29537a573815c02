import '../testing/dom';
import { render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, setBackgroundConnector } from '../../messaging/client';
import { installEnglishI18n } from '../testing/i18n';
import { account, header, seedDb, type SeedMailbox } from '../testing/seed';
import { App } from './App';
import {
  FIRST_SCREEN_ID,
  FIRST_SCREEN_KEY,
  FIRST_SCREEN_VERSION,
  heldKeysOf,
  holdKeys,
  MAX_HELD_KEYS,
  paintFirstScreen,
  parseFirstScreen,
  takeFirstScreen,
  type FirstScreen,
} from './first-screen';
import { rememberFirstScreen, shownFirstScreen } from './first-screen-writer';
import { storeSource } from './mail-source';

const HOSTILE = '<img src=x onerror="globalThis.owned = true">';

async function renderApp(mailboxes: SeedMailbox[], accounts = [account('work'), account('home')]) {
  const db = await seedDb(accounts, mailboxes);
  return render(<App source={storeSource(() => Promise.resolve(db))} compose={<span />} />);
}

const twoAccounts: SeedMailbox[] = [
  {
    accountId: 'work',
    messages: [
      header('1', 30, { subject: HOSTILE, from: [{ name: '<b>Mallory</b>', address: 'm@example.org' }] }),
      header('2', 5, { snippet: '' }),
    ],
  },
  { accountId: 'home', messages: [header('7', 10, { subject: '' })] },
];

const realList = () => screen.getByRole('listbox', { name: 'Messages' });

/**
 * An element's markup without what only the live list has (focus order, tooltips) and with the
 * inline style read as the browser parsed it: what the painted copy must match.
 */
function shape(e: Element): string {
  const copy = e.cloneNode(true) as Element;
  for (const el of [copy, ...copy.querySelectorAll('*')]) {
    const background = (el as HTMLElement).style?.background;
    const kept = [...el.attributes].filter((a) => !['tabindex', 'title', 'style'].includes(a.name));
    for (const a of [...el.attributes]) el.removeAttribute(a.name);
    // In one order: Preact and the painter set them in different ones.
    for (const a of kept.sort((x, y) => x.name.localeCompare(y.name))) el.setAttribute(a.name, a.value);
    if (background) el.setAttribute('data-background', background);
  }
  return copy.outerHTML;
}

const screenOf = (rows: FirstScreen['rows'] = []): FirstScreen => ({
  version: FIRST_SCREEN_VERSION,
  heading: '3 unread',
  label: 'Messages',
  empty: '',
  rows,
});
const row = (key: string, extra: Partial<FirstScreen['rows'][number]> = {}) => ({
  key,
  unread: true,
  colour: 'rgb(51, 204, 51)',
  sender: 'Sender',
  time: '5 min',
  dateTime: '2026-01-01T00:00:00.000Z',
  subject: 'Subject',
  snippet: 'Snippet',
  account: '',
  ...extra,
});

beforeEach(async () => {
  fakeBrowser.reset();
  installEnglishI18n();
  localStorage.clear();
  setBackgroundConnector(createMockConnector({}));
  await fakeBrowser.storage.session.set({
    bridgeStatus: {
      state: 'connected',
      bridgeVersion: '0.1.0',
      protocolVersion: 1,
      capabilities: [],
      secretStore: 'file',
    },
  });
});
afterEach(() => {
  setBackgroundConnector(undefined);
  document.getElementById(FIRST_SCREEN_ID)?.remove();
});

describe('the popup’s first screen', () => {
  it('is painted with the same markup and text as the real list (hostile text stays text)', async () => {
    const { container } = await renderApp(twoAccounts);
    await waitFor(() => expect(within(realList()).getAllByRole('option')).toHaveLength(3));
    const stored = shownFirstScreen(container)!;
    expect(stored.heading).toBe('3 unread');
    expect(stored.rows.map((r) => r.subject)).toEqual(['Subject 2', '(no subject)', HOSTILE]);
    expect(stored.rows[2].sender).toBe('<b>Mallory</b>');
    expect(stored.rows[0].account).toBe('WORK'); // several accounts: the name for screen readers

    // Through JSON and back, as the next open reads it.
    const painted = paintFirstScreen(document, parseFirstScreen(JSON.stringify(stored))!);
    expect(shape(painted.querySelector('ul')!)).toBe(shape(realList()));
    expect(painted.querySelector('h1')!.textContent).toBe(screen.getByTestId('unread-total').textContent);
    expect(painted.querySelectorAll('img, b')).toHaveLength(0);
    expect(painted.querySelector('li:last-child .subject')!.textContent).toBe(HOSTILE);
    expect((globalThis as { owned?: boolean }).owned).toBeUndefined();
    expect(painted.hasAttribute('inert')).toBe(true);
    expect(painted.getAttribute('aria-busy')).toBe('true');
  });

  it('keeps the empty state, and forgets the screen when there are no accounts', async () => {
    const { container, unmount } = await renderApp([{ accountId: 'work', messages: [] }], [account('work')]);
    await screen.findByText('No unread mail.');
    rememberFirstScreen(container);
    const stored = takeFirstScreen(localStorage)!;
    expect(stored.rows).toEqual([]);
    const painted = paintFirstScreen(document, stored);
    expect(shape(painted.querySelector('main > p')!)).toBe(shape(container.querySelector('main > p.empty')!));
    unmount();

    const none = await renderApp([], []);
    await waitFor(() => expect(none.container.querySelector('main.no-accounts')).not.toBeNull());
    rememberFirstScreen(none.container);
    expect(localStorage.getItem(FIRST_SCREEN_KEY)).toBeNull();
  });

  it('is written only when what it shows changed', () => {
    const popup = paintFirstScreen(document, screenOf([row('a')]));
    const writes: string[] = [];
    const storage = Object.assign(Object.create(localStorage) as Storage, {
      getItem: (key: string) => localStorage.getItem(key),
      setItem: (key: string, value: string) => (writes.push(value), localStorage.setItem(key, value)),
      removeItem: (key: string) => localStorage.removeItem(key),
    });
    rememberFirstScreen(popup, storage);
    rememberFirstScreen(popup, storage);
    expect(writes).toHaveLength(1);
    popup.querySelector('.subject')!.textContent = 'Changed';
    rememberFirstScreen(popup, storage);
    expect(writes).toHaveLength(2);
  });

  it('drops a stored screen of another version or the wrong shape, and paints nothing for it', () => {
    const damaged = [
      '{not json',
      'null',
      '[]',
      JSON.stringify({ ...screenOf([row('a')]), version: FIRST_SCREEN_VERSION + 1 }),
      JSON.stringify({ ...screenOf([row('a')]), version: 0 }),
      JSON.stringify({ ...screenOf(), rows: 'a' }),
      JSON.stringify(screenOf([{ ...row('a'), subject: { toString: 'x' } } as never])),
      JSON.stringify(screenOf([{ ...row('a'), unread: 'yes' } as never])),
      JSON.stringify(screenOf([row('a', { colour: 'url(https://tracker.example/p.gif)' })])),
      JSON.stringify(screenOf([row('a', { subject: 'x'.repeat(5000) })])),
      JSON.stringify(screenOf(Array.from({ length: 21 }, (_, i) => row(String(i))))),
      JSON.stringify(screenOf([null as never])),
    ];
    for (const json of damaged) {
      localStorage.setItem(FIRST_SCREEN_KEY, json);
      expect(takeFirstScreen(localStorage), json.slice(0, 60)).toBeUndefined();
      expect(localStorage.getItem(FIRST_SCREEN_KEY)).toBeNull();
    }
    localStorage.setItem(FIRST_SCREEN_KEY, JSON.stringify(screenOf([row('a')])));
    expect(takeFirstScreen(localStorage)?.rows).toHaveLength(1);
  });

  it('goes the moment the real list renders, and the app takes no notice of it', async () => {
    document.body.prepend(paintFirstScreen(document, screenOf([row('gone:INBOX:1:9', { subject: 'Deleted since' })])));
    const { container } = await renderApp(twoAccounts);
    // Until the app has its data, the painted rows are all there is.
    expect(document.getElementById(FIRST_SCREEN_ID)).not.toBeNull();
    expect(container.querySelector('[role="option"]')).toBeNull();
    await waitFor(() => expect(within(realList()).getAllByRole('option')).toHaveLength(3));
    expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
    expect(screen.queryByText('Deleted since')).toBeNull();
    // And it stores what it shows now, for the next open.
    await waitFor(() => expect(takeFirstScreen(localStorage)?.rows).toHaveLength(3));
  });

  it('goes when the app shows an error instead of a list', async () => {
    document.body.prepend(paintFirstScreen(document, screenOf([row('a')])));
    render(
      <App
        source={{
          load: () => Promise.reject(new Error('no database')),
          message: () => Promise.resolve(undefined),
          subscribe: () => () => undefined,
        }}
      />,
    );
    await screen.findByText(/no database/);
    expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
  });

  describe('keys pressed before the app is in', () => {
    const press = (key: string, init: KeyboardEventInit = {}) =>
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
    const rows = () => within(realList()).getAllByRole('option');

    /** Paints what the app showed last time (optionally with rows it no longer has) and holds keys on it. */
    async function paintLastScreen(extraFirst: string[] = []) {
      const first = await renderApp(twoAccounts);
      await waitFor(() => expect(rows()).toHaveLength(3));
      const stored = shownFirstScreen(first.container)!;
      first.unmount();
      const painted = paintFirstScreen(document, {
        ...stored,
        rows: [...extraFirst.map((k) => row(k)), ...stored.rows],
      });
      document.body.prepend(painted);
      holdKeys(document, painted);
      return { painted, keys: stored.rows.map((r) => r.key) };
    }

    it('are held while the painted copy shows, up to a bound, and no longer once it is gone', () => {
      const painted = paintFirstScreen(document, screenOf([row('a')]));
      document.body.prepend(painted);
      holdKeys(document, painted);
      press('j');
      press('#', { shiftKey: true });
      expect(heldKeysOf(painted).map((e) => [e.key, e.shiftKey])).toEqual([
        ['j', false],
        ['#', true],
      ]);
      for (let i = 0; i < 2 * MAX_HELD_KEYS; i++) press('x');
      expect(heldKeysOf(painted)).toHaveLength(MAX_HELD_KEYS);
      painted.remove();
      press('Enter');
      expect(heldKeysOf(painted)).toHaveLength(MAX_HELD_KEYS);
      expect(heldKeysOf(painted).some((e) => e.key === 'Enter')).toBe(false);
    });

    it('are played into the app on the rows the user saw: j, x, j, x selects the second and third', async () => {
      const { keys } = await paintLastScreen();
      for (const key of ['j', 'x', 'ArrowDown', 'x']) press(key);
      await renderApp(twoAccounts);
      await waitFor(() => expect(rows().map((r) => r.classList.contains('checked'))).toEqual([false, true, true]));
      expect(rows().map((r) => r.dataset.key)).toEqual(keys);
      expect(document.activeElement).toBe(rows()[2]); // where the moves led
    });

    it('move the app’s current row when only moves were pressed', async () => {
      await paintLastScreen();
      press('j');
      await renderApp(twoAccounts);
      await waitFor(() => expect(document.activeElement).toBe(rows()[1]));
      expect(rows()[1].classList.contains('current')).toBe(true);
    });

    it('stop at a row the app no longer lists: nothing else is acted on', async () => {
      // The painted first row was deleted since: `x` there, and everything after it, is dropped.
      await paintLastScreen(['work:INBOX:1:99']);
      for (const key of ['x', 'j', 'x']) press(key);
      await renderApp(twoAccounts);
      await waitFor(() => expect(rows()).toHaveLength(3));
      // Long enough for a replay of three keys, a frame or two apart.
      await new Promise((r) => setTimeout(r, 300));
      expect(rows().filter((r) => r.classList.contains('checked'))).toEqual([]);
    });
  });
});
