/**
 * Dovecot + the installed bridge + Chromium with the built extension, with one plain-IMAP
 * loopback account: the set-up of the push and burst benchmarks (the e2e tests' set-up, reused).
 */
import { startMailBrowser, PASSWORD, USER, type MailBrowser } from '../test/support/mail-browser';
import { CHROMIUM } from '../test/support/require-tool';
import { addImapAccount, waitForTotal } from './common';

export { USER, PASSWORD };
export type BenchBrowser = MailBrowser;

/** Everything running, the account added and its (empty) INBOX synced: badge total 0. */
export async function startBenchBrowser(): Promise<BenchBrowser> {
  if (!CHROMIUM) throw new Error('Chromium is missing: apt-get install chromium');
  const browser = await startMailBrowser(CHROMIUM, {
    quotaMB: 500,
    beforeLaunch: (dovecot, bridge) =>
      addImapAccount({ configDir: bridge.configDir, home: bridge.home }, dovecot.ports.imap, USER, PASSWORD),
  });
  await waitForTotal(browser.context, 0, 30_000);
  return browser;
}
