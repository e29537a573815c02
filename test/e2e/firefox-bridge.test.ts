/**
 * The built add-on in real Firefox ESR talking to the real bridge over real native messaging.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgePids, installBridge, type InstalledBridge } from '../support/bridge-install';
import { E2E_BRIDGE, FIREFOX_BUILD, requireBuilt } from '../support/built';
import { launchFirefox, openFirefoxPopup } from '../support/firefox';
import { FIREFOX, requireProgram } from '../support/require-tool';

const run = requireProgram('Firefox', FIREFOX, 'apt-get install firefox-esr');

async function bridgeState(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('[data-state]')?.getAttribute('data-state') ?? null);
}

describe.runIf(run)('Firefox ↔ bridge over native messaging', () => {
  let bridge: InstalledBridge;
  let browser: Browser;

  beforeAll(async () => {
    requireBuilt(FIREFOX_BUILD, E2E_BRIDGE.built);
    bridge = installBridge('firefox');
    browser = await launchFirefox(FIREFOX!, bridge.home);
  });

  afterAll(async () => {
    await browser?.close();
    bridge?.cleanup();
  });

  it('does the handshake and the popup shows the bridge version', async () => {
    const version = bridge.cli(['--version']).trim();
    const popup = await openFirefoxPopup(browser);
    await expect.poll(() => bridgeState(popup), { timeout: 20_000 }).toBe('connected');
    expect(await popup.$eval('[data-state]', (el) => el.textContent)).toContain(version);
    expect(bridgePids(bridge.configDir)).toHaveLength(1);
    await popup.close();
  });

  it('notices a killed bridge, shows it, and reconnects to a new process', async () => {
    const popup = await openFirefoxPopup(browser);
    await expect.poll(() => bridgeState(popup), { timeout: 20_000 }).toBe('connected');
    const [pid] = bridgePids(bridge.configDir);
    process.kill(pid, 'SIGKILL');
    const seen = new Set<string | null>();
    await expect
      .poll(
        async () => {
          const state = await bridgeState(popup);
          seen.add(state);
          return seen.has('reconnecting') || seen.has('connecting') ? state : 'not noticed yet';
        },
        { timeout: 30_000, interval: 20 },
      )
      .toBe('connected');
    const pids = bridgePids(bridge.configDir);
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(pid);
    await popup.close();
  });
});
