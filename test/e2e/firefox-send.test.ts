/**
 * A reply from the popup in Firefox ESR: the built add-on, the real bridge over Firefox's native
 * messaging, Dovecot and the SMTP test server. SMTP is set on the options page; the reply goes
 * out once, with one copy in Sent.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { withPeer } from '../harness/imap-peer';
import { buildMessage } from '../harness/mail-factory';
import { startSmtp, type Smtp } from '../harness/smtp-server';
import { installBridge, type InstalledBridge } from '../support/bridge-install';
import { BRIDGE_BUNDLE, FIREFOX_BUILD, requireBuilt } from '../support/built';
import { firefoxExtensionUrl, launchFirefox, openFirefoxPopup, waitForFirefoxBadge } from '../support/firefox';
import { addAccountByCli, PASSWORD, USER } from '../support/mail-browser';
import { FIREFOX, requireProgram } from '../support/require-tool';

const run = requireProgram('Firefox', FIREFOX, 'apt-get install firefox-esr') && requireDovecot();

/** Types into the input with `selector`, replacing what it holds. */
async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForSelector(selector);
  await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ''));
  await page.type(selector, value);
}

const hasText = (page: Page, text: string, timeout = 30_000) =>
  page.waitForFunction((t) => document.body.textContent?.includes(t) ?? false, { timeout }, text);

describe.runIf(run)('Firefox: reply from the popup through SMTP', () => {
  let dovecot: Dovecot;
  let bridge: InstalledBridge;
  let browser: Browser;
  let smtp: Smtp;
  let accountId = '';

  beforeAll(async () => {
    requireBuilt(FIREFOX_BUILD, BRIDGE_BUNDLE);
    dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    dovecot.seed(USER, 'INBOX', [
      {
        raw: buildMessage({
          from: 'Bob Example <bob@example.net>',
          subject: 'Firefox lunch?',
          messageId: '<ff-lunch@example.net>',
          text: 'Noon?',
        }),
      },
    ]);
    smtp = await startSmtp({ users: [{ user: USER, password: PASSWORD }], certDir: dovecot.dir });
    bridge = installBridge('firefox');
    accountId = addAccountByCli(dovecot, bridge);
    browser = await launchFirefox(FIREFOX!, bridge.home);
  });

  afterAll(async () => {
    await browser?.close();
    await smtp?.stop();
    await dovecot?.destroy();
    bridge?.cleanup();
  });

  it('sends one reply and files one copy in Sent', async () => {
    const probe = await openFirefoxPopup(browser);
    await waitForFirefoxBadge(probe, (t) => t === '1', 30_000);
    await probe.close();

    const options = await browser.newPage();
    await options.goto(firefoxExtensionUrl(`options.html#/account/${accountId}`), { waitUntil: 'networkidle0' });
    await fill(options, '#smtp-host', smtp.host);
    await fill(options, '#smtp-port', String(smtp.ports.submission));
    await fill(options, '#smtp-address', 'alice@example.org');
    await fill(options, '#smtp-password', PASSWORD);
    await options.click('button[type="submit"]');
    await options.waitForSelector('#smtp-host', { hidden: true, timeout: 20_000 });
    await options.close();

    const popup = await openFirefoxPopup(browser);
    await popup.waitForSelector('[role="option"]');
    await popup.click('[role="option"]');
    await popup.waitForSelector('button[aria-keyshortcuts="r"]', { timeout: 20_000 });
    await popup.keyboard.press('r');
    await popup.waitForSelector('textarea[name="body"]');
    expect(await popup.$eval('input[name="subject"]', (el) => (el as HTMLInputElement).value)).toBe(
      'Re: Firefox lunch?',
    );
    await popup.type('textarea[name="body"]', 'Yes from Firefox.');
    await popup.click('button[aria-keyshortcuts="Control+Enter"]');
    await hasText(popup, 'Sent with');

    await smtp.waitForCount(1);
    expect(smtp.received).toHaveLength(1);
    const head = smtp.received[0]!.raw.toString().split('\r\n\r\n')[0]!;
    expect(head).toContain('In-Reply-To: <ff-lunch@example.net>');
    const messageId = /^Message-ID: (<[^>]+>)/m.exec(head)?.[1];
    const copies = await withPeer(
      { host: dovecot.host, port: dovecot.ports.imap, user: USER, password: PASSWORD },
      async (client) => {
        await client.mailboxOpen('Sent');
        return (await client.search({ header: { 'message-id': messageId! } }, { uid: true })) || [];
      },
    );
    expect(copies).toHaveLength(1);
    await popup.close();
  });
});
