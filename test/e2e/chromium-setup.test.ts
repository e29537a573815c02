/**
 * The first-run page in real Chromium: it opens by itself when the extension is installed, shows
 * the pinned install command while no bridge is registered, notices the bridge the moment it is
 * installed (no browser restart) and moves on to the account step, then to "done" once an account
 * exists. The popup without a bridge offers the same page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { installBridge, type InstalledBridge } from '../support/bridge-install';
import { CHROME_BUILD, E2E_BRIDGE, requireBuilt } from '../support/built';
import { launchChromium, openPopup } from '../support/chromium';
import { CHROMIUM, requireProgram } from '../support/require-tool';

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium');

const currentStep = (page: Page) => page.locator('main').getAttribute('data-current-step');

describe.runIf(run)('the first-run setup page in Chromium', () => {
  let bridge: InstalledBridge;
  let context: BrowserContext;
  let setup: Page;

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, E2E_BRIDGE.built);
    // Folders for a bridge, but nothing registered yet: the browser starts with no host.
    bridge = installBridge('chromium');
    bridge.cli([
      'uninstall',
      '--browser',
      'chromium',
      '--user-data-dir',
      bridge.userDataDir,
      '--install-dir',
      bridge.installDir,
    ]);
    context = await launchChromium(CHROMIUM!, bridge.userDataDir);
  });

  afterAll(async () => {
    await context?.close();
    bridge?.cleanup();
  });

  it('opens on install and shows the install step with the pinned command', async () => {
    const isSetup = (p: Page) => p.url().endsWith('/setup.html');
    setup =
      context.pages().find(isSetup) ?? (await context.waitForEvent('page', { predicate: isSetup, timeout: 20_000 }));
    await setup.locator('[data-step="bridge"]').waitFor({ timeout: 20_000 });
    expect(await currentStep(setup)).toBe('bridge');
    expect(await setup.getByTestId('setup-npx-command').textContent()).toBe(`npx mailglance-bridge@${version} install`);
    // Linux here: the Debian package comes first.
    expect(await setup.locator('[data-option]').first().getAttribute('data-option')).toBe('deb');
  });

  it('the popup without a bridge has a button to the setup page', async () => {
    const popup = await openPopup(context);
    await popup.locator('[data-state="missing"]').waitFor({ timeout: 15_000 });
    const opened = context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/setup.html') });
    await popup.getByTestId('open-setup').click();
    const page = await opened;
    await page.locator('[data-step="bridge"]').waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('notices the bridge being installed and moves on by itself, then to "done" with an account', async () => {
    const installedAt = Date.now();
    bridge.cli([
      'install',
      '--browser',
      'chromium',
      '--user-data-dir',
      bridge.userDataDir,
      '--install-dir',
      bridge.installDir,
    ]);
    await setup.locator('[data-step="account"]').waitFor({ timeout: 20_000 });
    const noticedMs = Date.now() - installedAt;
    console.log(`setup page noticed the bridge ${noticedMs} ms after install`);
    expect(await setup.locator('[data-step="account"]').textContent()).toContain(version);

    // An account added outside the page (the CLI) reaches it through the bridge and the store.
    bridge.cli(
      [
        'account',
        'add',
        '--type',
        'imap',
        '--host',
        '127.0.0.1',
        '--port',
        '9',
        '--security',
        'none',
        '--user',
        'setup@example.org',
        '--password-stdin',
      ],
      'pw',
    );
    await setup.locator('[data-step="done"]').waitFor({ timeout: 20_000 });
    expect(await currentStep(setup)).toBe('done');
  });
});
