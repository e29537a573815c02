/**
 * Dovecot + the installed bridge + Chromium with the built extension, with one plain-IMAP
 * loopback account: the set-up of the push and burst benchmarks.
 */
import type { BrowserContext } from 'playwright-core';
import { startDovecot, type Dovecot } from '../test/harness/dovecot';
import { installBridge, type InstalledBridge } from '../test/support/bridge-install';
import { launchChromium } from '../test/support/chromium';
import { CHROMIUM } from '../test/support/require-tool';
import { addImapAccount, waitForTotal } from './common';

/** The one mail user of the browser benchmarks. */
export const USER = 'alice';
export const PASSWORD = 'alice-password';

/** The running set-up; `close()` stops and deletes all of it. */
export interface BenchBrowser {
  dovecot: Dovecot;
  bridge: InstalledBridge;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Everything running, the account added and its (empty) INBOX synced: badge total 0. */
export async function startBenchBrowser(): Promise<BenchBrowser> {
  if (!CHROMIUM) throw new Error('Chromium is missing: apt-get install chromium');
  const dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }], quotaMB: 500 });
  const bridge = installBridge('chromium');
  addImapAccount({ configDir: bridge.configDir, home: bridge.home }, dovecot.ports.imap, USER, PASSWORD);
  const context = await launchChromium(CHROMIUM, bridge.userDataDir);
  await waitForTotal(context, 0, 30_000);
  return {
    dovecot,
    bridge,
    context,
    close: async () => {
      await context.close().catch(() => {});
      await dovecot.destroy();
      bridge.cleanup();
    },
  };
}
