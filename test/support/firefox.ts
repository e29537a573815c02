/** Starts Firefox ESR with puppeteer-core 24 and installs the built add-on (the recipe in docs/architecture.md). */
import { mkdirSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_EXTENSION_ID, FIREFOX_TEST_UUID } from '../../src/protocol/extension-ids';
import { FIREFOX_BUILD } from './built';

/**
 * `home` is the HOME Firefox runs with: it reads native host manifests from
 * `$HOME/.mozilla/native-messaging-hosts/`, so each test gets its own.
 */
export async function launchFirefox(
  executablePath: string,
  home: string,
  extensionDir = FIREFOX_BUILD,
): Promise<Browser> {
  mkdirSync(home, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    args: ['--remote-allow-system-access'],
    env: { ...process.env, HOME: home, MOZ_HEADLESS: '1' },
    extraPrefsFirefox: {
      // A fixed internal UUID so moz-extension:// URLs are known in advance.
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_EXTENSION_ID]: FIREFOX_TEST_UUID }),
    },
  });
  await browser.installExtension(extensionDir);
  return browser;
}

export function firefoxExtensionUrl(path: string): string {
  return `moz-extension://${FIREFOX_TEST_UUID}/${path}`;
}

export async function openFirefoxPopup(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(firefoxExtensionUrl('popup.html'), { waitUntil: 'networkidle0' });
  return page;
}

type FirefoxApi = {
  browserAction: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> };
  notifications: { onClosed: { addListener(fn: (id: string) => void): void } };
};
type Recorder = { __mailglanceNotifications?: string[] };

/** The toolbar badge, read through the add-on's own API from one of its pages (`page`). */
export async function firefoxBadge(page: Page): Promise<{ text: string; title: string }> {
  return page.evaluate(async () => {
    const api = (globalThis as unknown as { browser: FirefoxApi }).browser.browserAction;
    return { text: await api.getBadgeText({}), title: await api.getTitle({}) };
  });
}

/**
 * Starts recording the add-on's notifications from `page` (one of its own pages). Headless
 * Firefox has no notification server: each notification is closed the moment it is shown, so
 * `getAll()` is always empty, but `onClosed` reports every one (with its id) to every add-on page.
 */
export async function recordFirefoxNotifications(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { browser: FirefoxApi } & Recorder;
    const seen: string[] = (g.__mailglanceNotifications = []);
    g.browser.notifications.onClosed.addListener((id) => seen.push(id));
  });
}

/** Ids of the notifications shown since `recordFirefoxNotifications`, in order. */
export async function firefoxNotifications(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((globalThis as unknown as Recorder).__mailglanceNotifications ?? [])]);
}
/** Polls the badge until `accept` holds; returns the time it took in ms. */
export async function waitForFirefoxBadge(
  page: Page,
  accept: (text: string) => boolean,
  timeoutMs = 15_000,
): Promise<number> {
  const start = performance.now();
  let last = '';
  while (performance.now() - start < timeoutMs) {
    last = await firefoxBadge(page).then(
      (b) => b.text,
      () => last,
    );
    if (accept(last)) return performance.now() - start;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Firefox badge never matched; last "${last}"`);
}
