/** Starts Firefox ESR with puppeteer-core 24 and installs the built add-on (design.md recipe). */
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
