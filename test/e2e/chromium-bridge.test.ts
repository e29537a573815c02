/**
 * The built extension in real Chromium talking to the real bridge over real native messaging.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { bridgePids, installBridge, type InstalledBridge } from '../support/bridge-install';
import { E2E_BRIDGE, CHROME_BUILD, requireBuilt } from '../support/built';
import { launchChromium, openPopup, readBadge } from '../support/chromium';
import { CHROMIUM, requireProgram } from '../support/require-tool';

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium');

describe.runIf(run)('Chromium ↔ bridge over native messaging', () => {
  let bridge: InstalledBridge;
  let context: BrowserContext;

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, E2E_BRIDGE.built);
    bridge = installBridge('chromium');
    context = await launchChromium(CHROMIUM!, bridge.userDataDir);
  });

  afterAll(async () => {
    await context?.close();
    bridge?.cleanup();
  });

  it('does the handshake and the popup shows the bridge version', async () => {
    const version = bridge.cli(['--version']).trim();
    const popup = await openPopup(context);
    await expect
      .poll(() => popup.locator('[data-state="connected"]').textContent(), { timeout: 15_000 })
      .toContain(version);
    expect(bridgePids(bridge.configDir)).toHaveLength(1);
    await popup.close();
  });

  it('notices a killed bridge, shows it, and reconnects to a new process', async () => {
    const popup = await openPopup(context);
    await popup.locator('[data-state="connected"]').waitFor();
    const [pid] = bridgePids(bridge.configDir);
    process.kill(pid, 'SIGKILL');
    // The disconnect shows as "reconnecting" (popup and badge) until a new bridge process answers.
    await popup.locator('[data-state="reconnecting"], [data-state="connecting"]').waitFor({ timeout: 10_000 });
    await popup.locator('[data-state="connected"]').waitFor({ timeout: 30_000 });
    const pids = bridgePids(bridge.configDir);
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(pid);
    await popup.close();
  });

  it('shows "bridge missing" with the install command when the host is not registered', async () => {
    bridge.cli([
      'uninstall',
      '--browser',
      'chromium',
      '--user-data-dir',
      bridge.userDataDir,
      '--install-dir',
      bridge.installDir,
    ]);
    const [pid] = bridgePids(bridge.configDir);
    process.kill(pid, 'SIGKILL');
    const popup = await openPopup(context);
    await popup.locator('[data-state="missing"]').waitFor({ timeout: 15_000 });
    expect(await popup.getByTestId('install-command').textContent()).toBe(`npx mailglance-bridge@${version} install`);
    // Badge updates are coalesced, so the badge may follow the popup by a moment.
    await expect
      .poll(() => readBadge(context), { timeout: 5_000 })
      .toMatchObject({
        text: '!',
        title: expect.stringMatching(/not installed/),
      });
    await popup.close();
  });
});
