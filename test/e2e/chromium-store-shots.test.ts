/**
 * The store listing's images, made from the demo mailbox (scripts/demo/demo-mail.ts: realistic
 * people, a newsletter, attachments) in two accounts, as a user would meet the product: the popup
 * in light with a row's actions shown, in dark with a selection, the reader, and the options page;
 * each framed at the 1280×800 both stores ask for, plus the Chrome Web Store's 440×280 tile.
 * Written to store/screenshots/ (the README shows the raw captures). No test fixture text may
 * appear in any of them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxMail, workMail } from '../../scripts/demo/demo-mail';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { installBridge, type InstalledBridge } from '../support/bridge-install';
import { BRIDGE_BUNDLE, CHROME_BUILD, ROOT, requireBuilt } from '../support/built';
import { extensionUrl, launchChromium, openPopup } from '../support/chromium';
import { waitForBadge } from '../support/mail-browser';
import { CHROMIUM, requireProgram } from '../support/require-tool';
import { writePromoTile, writeStoreFrame } from '../support/store-frames';

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium') && requireDovecot();
const OUT = resolve(ROOT, 'store/screenshots');
/** Text of the test fixtures that must never reach a store visitor. */
const FIXTURE_TEXT = /Hostile newsletter|You won|Subject \d|Quarterly note|seeded \d|Prize Desk/;

const ACCOUNTS = [
  { user: 'dana', password: 'dana-demo', label: 'Personal', watch: ['INBOX', 'Work'] },
  { user: 'sam', password: 'sam-demo', label: 'Work', watch: ['INBOX'] },
];

describe.runIf(run)('Store screenshots from the demo mailbox', () => {
  let dovecot: Dovecot;
  let bridge: InstalledBridge;
  let context: Awaited<ReturnType<typeof launchChromium>>;
  let popup: Page;

  /** Saves `page` after checking that no fixture text is on it. */
  async function capture(page: Page, name: string, fullPage = false): Promise<void> {
    expect(await page.locator('body').innerText()).not.toMatch(FIXTURE_TEXT);
    await page.screenshot({ path: resolve(OUT, name), fullPage });
  }

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, BRIDGE_BUNDLE);
    dovecot = await startDovecot({ users: ACCOUNTS.map(({ user, password }) => ({ user, password })) });
    dovecot.seed('dana', 'INBOX', inboxMail());
    dovecot.seed('dana', 'Work', workMail());
    dovecot.seed('sam', 'INBOX', [...workMail(Date.now() - 30 * 60_000), ...inboxMail().slice(5, 12)]);
    bridge = installBridge('chromium');
    for (const a of ACCOUNTS) {
      const args = ['account', 'add', '--type', 'imap', '--host', dovecot.host, '--port', String(dovecot.ports.imaps)];
      args.push('--security', 'tls', '--accept-cert', dovecot.certFingerprint, '--user', a.user, '--password-stdin');
      args.push('--label', a.label);
      for (const folder of a.watch) args.push('--watch', folder);
      bridge.cli(args, a.password);
    }
    context = await launchChromium(CHROMIUM!, bridge.userDataDir);
    await waitForBadge(context, (t) => /^\d+$/.test(t), 30_000);
    popup = await openPopup(context);
    await popup.setViewportSize({ width: 420, height: 600 });
    await popup.getByRole('button', { name: /^Work \d+$/ }).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await context?.close().catch(() => {});
    await dovecot?.destroy();
    bridge?.cleanup();
  });

  it('captures the popup, the reader and the options page, free of fixture text', async () => {
    // Both accounts synced: every unread message listed, and the badge says as many.
    const listed = popup.getByTestId('listed-count');
    await expect.poll(() => listed.textContent(), { timeout: 30_000 }).toMatch(/^(\d+) of \1 unread listed$/);
    const total = (await listed.textContent())!.split(' ')[0];
    await waitForBadge(context, (t) => t === total);
    await popup.locator('main').evaluate((main) => main.scrollTo(0, 0));
    const rows = popup.getByRole('option');
    await rows.nth(1).hover();
    await expect
      .poll(() => popup.getByRole('toolbar', { name: /^Actions for “/ }).getAttribute('aria-label'))
      .toBe(`Actions for “${await rows.nth(1).locator('.subject').textContent()}”`);
    await popup.getByRole('toolbar', { name: /^Actions for “/ }).waitFor();
    await capture(popup, 'popup-light.png');

    await popup.emulateMedia({ colorScheme: 'dark' });
    await rows.nth(0).focus();
    await popup.keyboard.press('x');
    await rows.nth(2).click({ modifiers: ['Shift'] });
    await popup.getByText('3 selected').waitFor();
    await popup.mouse.move(0, 0);
    await capture(popup, 'popup-dark.png');
    await popup.keyboard.press('Escape');
    await popup.emulateMedia({ colorScheme: 'light' });

    await popup.getByRole('option', { name: /The Weekly Byte/ }).click();
    await popup.getByTestId('message-frame').waitFor();
    await capture(popup, 'reader.png');

    const options = await context.newPage();
    await options.setViewportSize({ width: 900, height: 800 });
    await options.goto(extensionUrl('options.html'));
    await options.getByRole('list', { name: 'Accounts' }).waitFor();
    await capture(options, 'options.png', true);
    await options.close();
  });

  it('frames them at 1280×800 and draws the 440×280 promo tile', async () => {
    const frames = [
      {
        source: 'popup-light.png',
        out: 'store-1-popup.png',
        headline: 'Unread mail at a glance',
        subline: 'Every IMAP and POP3 account on your toolbar, pushed the moment it arrives.',
      },
      {
        source: 'popup-dark.png',
        out: 'store-2-popup-dark.png',
        headline: 'Triage without opening',
        subline: 'Mark read, flag, archive or delete one message or many, with undo. Every action reaches your server.',
        dark: true,
      },
      {
        source: 'reader.png',
        out: 'store-3-reader.png',
        headline: 'Read safely',
        subline: 'HTML mail is sanitized and sandboxed; no script runs and no remote image loads until you ask.',
      },
      {
        source: 'options.png',
        out: 'store-4-options.png',
        headline: 'Set up in a minute',
        subline: 'Autodetect, a connection test, quiet hours, and pinning for self-signed certificates.',
      },
    ];
    for (const f of frames) {
      const out = resolve(OUT, f.out);
      await writeStoreFrame(context, { ...f, source: resolve(OUT, f.source), out });
      const png = readFileSync(out);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 800]); // IHDR width, height
    }
    const tile = resolve(OUT, 'promo-small-440x280.png');
    await writePromoTile(context, resolve(ROOT, 'store/icon.svg'), tile);
    const png = readFileSync(tile);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([440, 280]);
  });
});
