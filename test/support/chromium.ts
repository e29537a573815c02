/** Starts Debian's Chromium with the built extension (the recipe in docs/architecture.md). */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROME_EXTENSION_ID } from '../../src/protocol/extension-ids';
import { CHROME_BUILD } from './built';

export async function launchChromium(
  executablePath: string,
  userDataDir: string,
  extensionDir = CHROME_BUILD,
  /** The browser's environment (and so the native host's): a private HOME, say. */
  env?: Record<string, string>,
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    ...(env ? { env } : {}),
    headless: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export function extensionUrl(path: string): string {
  return `chrome-extension://${CHROME_EXTENSION_ID}/${path}`;
}

/** Reads the toolbar badge through the service worker (what the user sees on the button). */
export async function readBadge(context: BrowserContext): Promise<{ text: string; title: string }> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return worker.evaluate(async () => {
    const action = (
      globalThis as unknown as {
        chrome: { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } };
      }
    ).chrome.action;
    return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
  });
}

export async function openPopup(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(extensionUrl('popup.html'));
  // The app's own screen, not the stored one painted before the app loads
  // (src/ui/popup/paint-first-screen.ts): that copy is inert, so clicks on it go nowhere, and keys
  // pressed on it are only held until the app's list is in (replay-held-keys.ts).
  await page.locator('#app > *').first().waitFor();
  await page.locator('#first-screen').waitFor({ state: 'detached' });
  return page;
}
