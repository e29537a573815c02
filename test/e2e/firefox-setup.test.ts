/**
 * The first-run page in real Firefox ESR: it opens when the add-on is installed, and notices the
 * bridge being registered afterwards (Firefox reads the host manifest on each connect, so no
 * restart is needed) and moves on to the account step.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { installBridge, type InstalledBridge } from '../support/bridge-install';
import { E2E_BRIDGE, FIREFOX_BUILD, requireBuilt } from '../support/built';
import { firefoxExtensionUrl, launchFirefox, openFirefoxPopup } from '../support/firefox';
import { FIREFOX, requireProgram } from '../support/require-tool';

const run = requireProgram('Firefox', FIREFOX, 'apt-get install firefox-esr');

/** URLs of every open tab, asked through the add-on's own tabs API from one of its pages. */
const tabUrls = (page: Page) =>
  page.evaluate(async () => {
    const api = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ url?: string }[]> } } })
      .browser;
    return (await api.tabs.query({})).map((t) => t.url ?? '');
  });

const step = (page: Page) =>
  page.evaluate(() => document.querySelector('main')?.getAttribute('data-current-step') ?? null).catch(() => null);

describe.runIf(run)('the first-run setup page in Firefox', () => {
  let bridge: InstalledBridge;
  let browser: Browser;

  beforeAll(async () => {
    requireBuilt(FIREFOX_BUILD, E2E_BRIDGE.built);
    bridge = installBridge('firefox');
    bridge.cli(['uninstall', '--browser', 'firefox', '--install-dir', bridge.installDir]);
    browser = await launchFirefox(FIREFOX!, bridge.home);
  });

  afterAll(async () => {
    await browser?.close();
    bridge?.cleanup();
  });

  it('opens on install, then moves on by itself once the bridge is installed', async () => {
    // The tab onInstalled opened (the automation client does not see its content, so a page of
    // our own asks the tabs API and then opens the same page to watch it).
    const popup = await openFirefoxPopup(browser);
    await expect.poll(() => tabUrls(popup), { timeout: 20_000 }).toContain(firefoxExtensionUrl('setup.html'));
    await popup.close();
    const page = await browser.newPage();
    await page.goto(firefoxExtensionUrl('setup.html'), { waitUntil: 'networkidle0' });
    await expect.poll(() => step(page), { timeout: 20_000 }).toBe('bridge');
    expect(await page.$eval('[data-testid="setup-npx-command"]', (el) => el.textContent)).toBe(
      `npx mailglance-bridge@${version} install`,
    );
    bridge.cli(['install', '--browser', 'firefox', '--install-dir', bridge.installDir]);
    await expect.poll(() => step(page), { timeout: 20_000 }).toBe('account');
    expect(await page.$eval('[data-step="account"]', (el) => el.textContent)).toContain(version);
  });
});
