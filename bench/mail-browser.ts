/**
 * Dovecot + the installed bridge + Chromium with the built extension, with one plain-IMAP
 * loopback account watching INBOX and a second folder: the set-up of the push and burst
 * benchmarks (the e2e tests' set-up, reused).
 */
import { startMailBrowser, PASSWORD, USER, type MailBrowser } from '../test/support/mail-browser';
import { CHROMIUM } from '../test/support/require-tool';
import { addImapAccount, waitForTotal } from './common';

export { USER, PASSWORD };
export type BenchBrowser = MailBrowser;

/** The watched folder besides INBOX: its pushes come through NOTIFY, not IDLE. */
export const SECOND_FOLDER = 'Work';

/** Everything running, the account added and both (empty) folders synced: badge total 0. */
export async function startBenchBrowser(): Promise<BenchBrowser> {
  if (!CHROMIUM) throw new Error('Chromium is missing: apt-get install chromium');
  const browser = await startMailBrowser(CHROMIUM, {
    quotaMB: 500,
    beforeLaunch: (dovecot, bridge) => {
      dovecot.seed(USER, SECOND_FOLDER, []);
      addImapAccount({ configDir: bridge.configDir, home: bridge.home }, dovecot.ports.imap, USER, PASSWORD, [
        'INBOX',
        SECOND_FOLDER,
      ]);
    },
  });
  await waitForTotal(browser.context, 0, 30_000);
  return browser;
}
