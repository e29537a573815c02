/**
 * The popup's painted first screen in Firefox ESR with the built add-on (the same painter and
 * build step as in Chromium, chromium-first-screen.test.ts): the first open stores what its list
 * shows, the next paints those rows as text before the app has read anything, keys pressed on
 * them are held, and the app plays them on the same rows once its list is in. No bridge: the
 * cache is written straight into IndexedDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SCREEN_KEY } from '../../src/ui/popup/first-screen';
import { FIREFOX_BUILD, requireBuilt } from '../support/built';
import { firefoxExtensionUrl, launchFirefox, openFirefoxPopup } from '../support/firefox';
import { fillCache, holdMessages } from '../support/popup-cache';
import { FIREFOX, requireProgram } from '../support/require-tool';

const run = requireProgram('Firefox', FIREFOX, 'apt-get install firefox-esr');
const COUNT = 30;
const HOSTILE = '<img src=x onerror="document.title=\'owned\'">';

describe.runIf(run)('Firefox: the popup paints last time’s rows, and keys pressed on them act', () => {
  let home: string;
  let browser: Browser;
  let filler: Page;
  const keysOf = (page: Page, selector: string) =>
    page.$$eval(selector, (rows) => rows.map((r) => (r as HTMLElement).dataset.key ?? ''));

  beforeAll(async () => {
    requireBuilt(FIREFOX_BUILD);
    home = mkdtempSync(join(tmpdir(), 'mg-ff-first-screen-'));
    browser = await launchFirefox(FIREFOX!, home);
    filler = await openFirefoxPopup(browser);
    // tsx's keepNames helper, which the page does not have (as in bench/popup-paint.ts).
    await filler.evaluate('globalThis.__name = (f) => f');
    await filler.evaluate(fillCache, { count: COUNT, account: 'first', newestSubject: HOSTILE });
  });

  afterAll(async () => {
    await browser?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('paints the stored rows as text, then plays the keys pressed on them into the app', async () => {
    await filler.evaluate((key) => localStorage.removeItem(key), FIRST_SCREEN_KEY);
    const first = await browser.newPage();
    // networkidle0: with puppeteer's WebDriver BiDi, `load` and `domcontentloaded` of a second
    // moz-extension page were never reported here (the navigation timed out after 30 s).
    await first.goto(firefoxExtensionUrl('popup.html'), { waitUntil: 'networkidle0' });
    await first.waitForSelector('#app [role="option"]');
    const shown = (await keysOf(first, '#app [role="option"]')).slice(0, 20);
    await first.waitForFunction((key) => localStorage.getItem(key) !== null, {}, FIRST_SCREEN_KEY);
    await first.close();

    // Long enough for networkidle0 (500 ms without a request) and the keys below.
    const held = filler.evaluate(holdMessages, 4_000);
    const page = await browser.newPage();
    await page.goto(firefoxExtensionUrl('popup.html'), { waitUntil: 'networkidle0' });
    await page.waitForSelector('#first-screen [role="option"]');
    const painted = await keysOf(page, '#first-screen [role="option"]');
    expect(painted).toEqual(shown);
    expect(await page.$eval('#first-screen .subject', (e) => e.textContent)).toBe(HOSTILE);
    expect(await page.$$('#first-screen img')).toHaveLength(0);

    // j, x, ↓, x on the painted rows, while the app still waits for its first read.
    for (const key of ['j', 'x', 'ArrowDown', 'x'] as const) await page.keyboard.press(key);
    expect(await page.$('#first-screen')).not.toBeNull();
    expect(await page.$('#app [role="option"]')).toBeNull();
    await held;

    await page.waitForFunction(() => document.querySelectorAll('#app [role="option"].checked').length === 2, {
      timeout: 10_000,
    });
    expect(await page.$('#first-screen')).toBeNull();
    expect(await keysOf(page, '#app [role="option"].checked')).toEqual(painted.slice(1, 3));
    expect(await page.title()).not.toBe('owned');
    await page.close();
  });
});
