/**
 * The whole chain in real Chromium: Dovecot → the real bridge (IMAP IDLE) → native messaging →
 * engine → badge and notifications, and actions back to the server through the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../harness/mail-factory';
import { withPeer } from '../harness/imap-peer';
import { requireDovecot } from '../harness/dovecot';
import { bridgePids } from '../support/bridge-install';
import { E2E_BRIDGE, CHROME_BUILD, requireBuilt } from '../support/built';
import { extensionUrl, openPopup } from '../support/chromium';
import { SUMMARY_ID } from '../../src/background/notifications';
import {
  addAccountByCli,
  badgeText,
  clearNotifications,
  createdNotifications,
  notificationIds,
  PASSWORD,
  recordNotifications,
  setBadgeText,
  startMailBrowser,
  USER,
  waitForBadge,
  worker,
  type MailBrowser,
} from '../support/mail-browser';
import { CHROMIUM, requireProgram } from '../support/require-tool';
import { median, percentile } from '../../bench/stats';

/** imapflow's status() is typed `StatusObject | false`. */
function statusField(status: false | { unseen?: number; messages?: number }, field: 'unseen' | 'messages'): number {
  return status ? (status[field] ?? -1) : -1;
}

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium') && requireDovecot();

describe.runIf(run)('Chromium: badge, notifications and outbox against Dovecot', () => {
  let m: MailBrowser;
  const peer = () => ({
    host: m.dovecot.host,
    port: m.dovecot.ports.imap,
    user: USER,
    password: PASSWORD,
    secure: false,
  });
  const unseenOnServer = () =>
    withPeer(peer(), async (c) => statusField(await c.status('INBOX', { unseen: true }), 'unseen'));

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, E2E_BRIDGE.built);
    m = await startMailBrowser(CHROMIUM!, {
      beforeLaunch: (dovecot, bridge) => {
        dovecot.seed(
          USER,
          'INBOX',
          [1, 2, 3].map((i) => ({ raw: buildMessage({ subject: `seeded ${i}` }) })),
        );
        addAccountByCli(dovecot, bridge);
      },
    });
    await waitForBadge(m.context, (t) => t === '3', 30_000);
  });

  afterAll(async () => m?.close());

  it('raises the badge on each delivery (delay printed) and notifies once per message', async () => {
    await recordNotifications(m.context);
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const expected = String(4 + i);
      const started = performance.now();
      await m.dovecot.deliver(USER, buildMessage({ subject: `pushed ${i}` }));
      await waitForBadge(m.context, (t) => t === expected);
      delays.push(performance.now() - started);
    }
    console.log(
      `delivery → badge in Chromium over ${delays.length} deliveries: median ${median(delays).toFixed(0)} ms, p95 ${percentile(delays, 95).toFixed(0)} ms`,
    );
    expect(await badgeText(m.context)).toBe('23');
    // Deliveries ~0.6 s apart: some are shown one by one, the rest fold into the burst summary.
    const created = await createdNotifications(m.context);
    const perMessage = created.filter((id) => id !== SUMMARY_ID);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(perMessage).size).toBe(perMessage.length); // no message notified twice
    expect(perMessage.length).toBeLessThanOrEqual(20);
  });

  it('lowers the badge when another client reads a message', async () => {
    await withPeer(peer(), async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd({ subject: 'pushed 0' }, ['\\Seen']);
    });
    await waitForBadge(m.context, (t) => t === '22');
  });

  it('keeps counts exact and repeats no notification after the bridge is killed', async () => {
    await recordNotifications(m.context);
    // Step out of the burst window (2 s) of the deliveries above, or the new mail below would
    // rightly join their summary instead of being shown one by one.
    await new Promise((r) => setTimeout(r, 2500));
    const shownBefore = await createdNotifications(m.context);
    // Closed notifications must stay closed: a repeat would bring one back under the same id.
    await clearNotifications(m.context);
    const [pid] = bridgePids(m.bridge.configDir);
    process.kill(pid, 'SIGKILL');
    // While the extension notices and reconnects: another client reads one, two new ones arrive.
    await withPeer(peer(), async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd({ subject: 'pushed 19' }, ['\\Seen']); // SUBJECT matches substrings: 19 is unique
    });
    await m.dovecot.deliver(USER, buildMessage({ subject: 'while reconnecting 1' }));
    await m.dovecot.deliver(USER, buildMessage({ subject: 'while reconnecting 2' }));
    await expect
      .poll(() => bridgePids(m.bridge.configDir).filter((p) => p !== pid).length, { timeout: 30_000 })
      .toBe(1);
    await waitForBadge(m.context, (t) => t === '23', 20_000); // 22 − 1 + 2, the server's count
    expect(await unseenOnServer()).toBe(23);
    await new Promise((r) => setTimeout(r, 1500)); // time for any (wrong) notification to appear
    const created = (await createdNotifications(m.context)).slice(shownBefore.length);
    expect(created).toHaveLength(2); // the two new messages, once each
    expect(new Set(created).size).toBe(2);
    expect(created.filter((id) => shownBefore.includes(id) || id === SUMMARY_ID)).toEqual([]);
    expect((await notificationIds(m.context)).sort()).toEqual([...created].sort());
  });

  it('applies an action taken while Dovecot is down once it is back', async () => {
    await m.dovecot.stop();
    const popup = await openPopup(m.context);
    const first = popup.getByRole('option').first();
    await first.waitFor();
    await first.focus();
    await popup.keyboard.press('u'); // toggle read on the newest message
    await waitForBadge(m.context, (t) => t === '22'); // optimistic, while the server is away
    expect(await badgeText(m.context)).toBe('22');
    await popup.close();
    await m.dovecot.start();
    await expect.poll(unseenOnServer, { timeout: 60_000, interval: 500 }).toBe(22);
    await waitForBadge(m.context, (t) => t === '22', 30_000);
  });

  it('a restarted service worker picks up its state from IndexedDB', async () => {
    const page = await m.context.newPage();
    const cdp = await m.context.newCDPSession(page);
    const [bridgeBefore] = bridgePids(m.bridge.configDir);
    // With the server down the new worker cannot learn the count from it: only IndexedDB has it.
    await m.dovecot.stop();
    let serverUp = false;
    try {
      // Chrome keeps the badge across a worker stop; spoil it so only a repaint can restore it.
      await setBadgeText(m.context, 'x');
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      // A stopped worker closes its native port, and the browser ends that bridge process.
      await expect.poll(() => bridgePids(m.bridge.configDir).includes(bridgeBefore), { timeout: 15_000 }).toBe(false);
      // Opening the popup pings the background, which starts the worker; the list paints from
      // IndexedDB and the new worker repaints the badge from it, with the last known count.
      const popup = await openPopup(m.context);
      await popup.getByRole('option').first().waitFor({ timeout: 10_000 });
      await waitForBadge(m.context, (t) => t === '22', 10_000);
      await expect.poll(() => bridgePids(m.bridge.configDir).length, { timeout: 15_000 }).toBe(1);
      await popup.getByText(/^Offline/).waitFor({ timeout: 30_000 }); // the server is still away
      await m.dovecot.start();
      serverUp = true;
      await expect.poll(() => popup.getByText(/^Offline/).count(), { timeout: 30_000 }).toBe(0);
      expect(await badgeText(m.context)).toBe('22');
      await popup.close();
    } finally {
      if (!serverUp) await m.dovecot.start();
      await page.close();
    }
  });

  it('plays the new-mail sound through an offscreen document once the user turns it on', async () => {
    const options = await m.context.newPage();
    await options.goto(extensionUrl('options.html'));
    await options.getByLabel('Play a sound for new mail').check();
    await options.close();
    const w = await worker(m.context);
    const watching = w.evaluate(async () => {
      type Runtime = { getContexts(f: object): Promise<unknown[]> };
      const runtime = (globalThis as unknown as { chrome: { runtime: Runtime } }).chrome.runtime;
      const deadline = Date.now() + 8000;
      while (Date.now() < deadline) {
        if ((await runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0) return true;
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    });
    await m.dovecot.deliver(USER, buildMessage({ subject: 'with sound' }));
    expect(await watching).toBe(true);
    await waitForBadge(m.context, (t) => t === '23');
  });

  it('"Mark all read" reads every unread message on the server, not only the cached ones', async () => {
    // More unread than the extension caches (the newest 50 per mailbox).
    m.dovecot.seed(
      USER,
      'INBOX',
      Array.from({ length: 60 }, (_, i) => ({ raw: buildMessage({ subject: `bulk ${i}` }) })),
    );
    await waitForBadge(m.context, (t) => t === '83', 30_000);
    const popup = await openPopup(m.context);
    await popup.getByRole('button', { name: 'Mark all read' }).click();
    await waitForBadge(m.context, (t) => t === '', 5_000); // at once, before the server answers
    await expect.poll(unseenOnServer, { timeout: 30_000, interval: 500 }).toBe(0);
    await m.dovecot.deliver(USER, buildMessage({ subject: 'after mark all read' }));
    await waitForBadge(m.context, (t) => t === '1');
    await popup.close();
  });
});
