/**
 * The popup's painted first screen in real Chromium with the built extension: the first open
 * stores what its list shows, the next open paints those rows before the app has run (hostile
 * subjects as text), and the app's real list replaces them, without a row deleted in between.
 * No bridge: the cache is written straight into IndexedDB, as the popup benchmark does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_BUILD, requireBuilt } from '../support/built';
import { extensionUrl, launchChromium } from '../support/chromium';
import { CHROMIUM, requireProgram } from '../support/require-tool';
import { FIRST_SCREEN_KEY } from '../../src/ui/popup/first-screen';
import { deleteCached, fillCache, holdMessages } from '../support/popup-cache';

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium');
const COUNT = 30;
const HOSTILE = '<img src=x onerror="document.title=\'owned\'">';

declare global {
  interface Window {
    /** What the painted first screen held when it appeared (set by the init script). */
    __painted?: { keys: string[]; subjects: string[]; images: number; inert: boolean; appRows: number };
  }
}

describe.runIf(run)('Chromium: the popup paints last time’s rows, then its own', () => {
  let profile: string;
  let context: BrowserContext;
  let filler: Page;
  const realRows = (page: Page) =>
    page.$$eval('#app [role="option"]', (rows) => rows.map((r) => (r as HTMLElement).dataset.key ?? ''));

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD);
    profile = mkdtempSync(join(tmpdir(), 'mg-first-screen-'));
    context = await launchChromium(CHROMIUM!, join(profile, 'user-data'));
    // tsx's keepNames helper, which the page does not have (as in bench/popup-paint.ts).
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await context.addInitScript(() => {
      const observer = new MutationObserver(() => {
        const painted = document.getElementById('first-screen');
        if (!painted || window.__painted) return;
        const rows = [...painted.querySelectorAll<HTMLElement>('[role="option"]')];
        window.__painted = {
          keys: rows.map((r) => r.dataset.key ?? ''),
          subjects: rows.map((r) => r.querySelector('.subject')?.textContent ?? ''),
          images: painted.querySelectorAll('img').length,
          inert: painted.inert,
          appRows: document.querySelectorAll('#app [role="option"]').length,
        };
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    filler = await context.newPage();
    await filler.goto(extensionUrl('popup.html'));
    await filler.waitForSelector('main');
    await filler.evaluate(fillCache, { count: COUNT, account: 'first', newestSubject: HOSTILE });
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('stores the first screen on the first open, paints it on the next, then the real list replaces it', async () => {
    // Whatever the filler page stored before the cache was filled is not this test's first open.
    await filler.evaluate((key) => localStorage.removeItem(key), FIRST_SCREEN_KEY);
    const first = await context.newPage();
    await first.goto(extensionUrl('popup.html'));
    await first.waitForSelector('#app [role="option"]');
    expect(await first.evaluate(() => window.__painted)).toBeUndefined(); // nothing stored yet
    const shown = (await realRows(first)).slice(0, 20);
    await first.waitForFunction((key) => localStorage.getItem(key) !== null, FIRST_SCREEN_KEY);
    await first.close();

    // The newest message goes between the two opens.
    await filler.evaluate(deleteCached, { account: 'first', uid: String(COUNT) });

    const second = await context.newPage();
    await second.goto(extensionUrl('popup.html'));
    await second.waitForSelector('#app [role="option"]');
    const painted = (await second.evaluate(() => window.__painted))!;
    expect(painted.keys).toEqual(shown); // last time's rows, the deleted one first
    expect(painted.appRows).toBe(0); // painted before the app rendered any row
    expect(painted.inert).toBe(true);
    expect(painted.subjects[0]).toBe(HOSTILE); // text, not markup
    expect(painted.images).toBe(0);
    expect(await second.title()).not.toBe('owned');

    // The real list replaced it: no painted copy left, and the deleted row is gone.
    expect(await second.$('#first-screen')).toBeNull();
    const real = await realRows(second);
    expect(real).toHaveLength(COUNT - 1);
    expect(real).not.toContain(painted.keys[0]);
    expect(real[0]).toBe(painted.keys[1]);
    // And what is stored now is the list without it.
    await second.waitForFunction(([key, gone]) => !(localStorage.getItem(key) ?? gone).includes(gone), [
      FIRST_SCREEN_KEY,
      painted.keys[0],
    ] as const);
    await second.close();
  });

  it('holds keys pressed on the painted rows and plays them into the app on the same rows', async () => {
    const held = filler.evaluate(holdMessages, 2_000);
    const page = await context.newPage();
    await page.goto(extensionUrl('popup.html'), { waitUntil: 'commit' });
    await page.waitForSelector('#first-screen [role="option"]');
    const painted = await page.$$eval('#first-screen [role="option"]', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.key ?? ''),
    );
    // j, x, ↓, x: the second and third rows selected, the third current.
    for (const key of ['j', 'x', 'ArrowDown', 'x']) await page.keyboard.press(key);
    // The keys went to the painted copy: the app is still waiting for its first read.
    expect(await page.$('#first-screen')).not.toBeNull();
    expect(await page.$('#app [role="option"]')).toBeNull();
    await held;

    await page.waitForFunction(
      () => document.querySelectorAll('#app [role="option"].checked').length === 2,
      undefined,
      { timeout: 10_000 },
    );
    const checked = await page.$$eval('#app [role="option"].checked', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.key ?? ''),
    );
    expect(checked).toEqual(painted.slice(1, 3));
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.key)).toBe(painted[2]);
    await page.close();
  });
});
