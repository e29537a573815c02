/**
 * The popup's list actions end to end in Chromium with the real bridge and Dovecot: every row
 * button reaches the server, a 20-row selection sends 20 actions that one Undo takes back, "Show
 * older" pages past the newest 100 of 1,000 unread messages, a pause and quiet hours keep
 * notifications quiet while the badge counts on, and axe finds nothing serious with the row
 * actions, the selection bar, the header and its menu shown, in both themes.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../harness/mail-factory';
import { withPeer } from '../harness/imap-peer';
import { requireDovecot } from '../harness/dovecot';
import { axeSeriousViolations } from '../support/axe';
import { BRIDGE_BUNDLE, CHROME_BUILD, requireBuilt } from '../support/built';
import { extensionUrl, openPopup } from '../support/chromium';
import {
  addAccountByCli,
  createdNotifications,
  PASSWORD,
  recordNotifications,
  startMailBrowser,
  USER,
  waitForBadge,
  type MailBrowser,
} from '../support/mail-browser';
import { CHROMIUM, requireProgram } from '../support/require-tool';

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium') && requireDovecot();
const COUNT = 1000;
/** Equal-length subjects, so IMAP's substring SEARCH SUBJECT finds exactly one. */
const subject = (i: number) => `Quarterly note ${String(i).padStart(4, '0')}`;
/** The popup holds removals this long before sending them (UNDO_MS). */
const HOLD_MS = 5000;

describe.runIf(run)('Chromium: act from the popup list, on one row or many, and page older mail', () => {
  let m: MailBrowser;
  let popup: Page;
  const peer = () => ({
    host: m.dovecot.host,
    port: m.dovecot.ports.imap,
    user: USER,
    password: PASSWORD,
    secure: false,
  });

  /** Flags of the message with `text` as subject in `mailbox`, or undefined when it is not there. */
  const flagsOf = (mailbox: string, text: string) =>
    withPeer(peer(), async (c) => {
      await c.mailboxOpen(mailbox, { readOnly: true });
      const uids = (await c.search({ subject: text }, { uid: true })) || [];
      if (uids.length === 0) return undefined;
      const [msg] = await c.fetchAll(String(uids[0]), { uid: true, flags: true }, { uid: true });
      return [...(msg?.flags ?? [])].filter((f) => f !== '\\Recent').sort();
    });
  const countIn = (mailbox: string) =>
    withPeer(peer(), async (c) => {
      const st = await c.status(mailbox, { messages: true, unseen: true });
      return { messages: st ? (st.messages ?? 0) : -1, unseen: st ? (st.unseen ?? 0) : -1 };
    });
  const row = (text: string) => popup.getByRole('option', { name: new RegExp(text) });
  const rowActions = () => popup.getByRole('toolbar', { name: /^Actions for “/ });

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, BRIDGE_BUNDLE);
    m = await startMailBrowser(CHROMIUM!, {
      beforeLaunch: (dovecot, bridge) => {
        const start = Date.UTC(2026, 0, 1);
        dovecot.seed(
          USER,
          'INBOX',
          Array.from({ length: COUNT }, (_, i) => ({
            raw: buildMessage({ subject: subject(i + 1), date: new Date(start + i * 60_000), text: `Note ${i + 1}` }),
          })),
        );
        addAccountByCli(dovecot, bridge);
      },
    });
    await waitForBadge(m.context, (t) => t === '999+', 60_000);
    popup = await openPopup(m.context);
    await popup.setViewportSize({ width: 420, height: 600 });
    await row(subject(COUNT)).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => m?.close());

  it('each row button reaches the server: read, flag, archive, junk, delete', async () => {
    const act = async (i: number, name: string) => {
      await row(subject(i)).hover();
      await expect.poll(() => rowActions().getAttribute('aria-label')).toBe(`Actions for “${subject(i)}”`);
      await rowActions().getByRole('button', { name, exact: true }).click();
    };
    await act(1000, 'Mark read');
    await act(999, 'Flag');
    await act(998, 'Archive');
    await act(997, 'Junk');
    await act(996, 'Delete');
    const poll = { timeout: HOLD_MS + 25_000, interval: 500 };
    await expect.poll(() => flagsOf('INBOX', subject(1000)), poll).toEqual(['\\Seen']);
    await expect.poll(() => flagsOf('INBOX', subject(999)), poll).toEqual(['\\Flagged']);
    await expect.poll(() => flagsOf('Archive', subject(998)), poll).toEqual([]);
    await expect.poll(() => flagsOf('Junk', subject(997)), poll).toEqual([]);
    await expect.poll(() => flagsOf('Trash', subject(996)), poll).toEqual([]);
    for (const i of [998, 997, 996]) expect(await flagsOf('INBOX', subject(i))).toBeUndefined();
    expect(await countIn('INBOX')).toEqual({ messages: COUNT - 3, unseen: COUNT - 4 });
  });

  it('axe finds nothing serious in the header, its menu, the row actions and the selection, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      await row(subject(995)).hover();
      await rowActions().waitFor();
      expect(await axeSeriousViolations(popup), `${scheme}: list with row actions`).toEqual([]);
      await popup.getByRole('button', { name: 'Notifications: pause or resume' }).click();
      await popup.getByRole('button', { name: 'Pause notifications for 1 hour' }).waitFor();
      expect(await axeSeriousViolations(popup), `${scheme}: header menu`).toEqual([]);
      await popup.getByRole('button', { name: 'Notifications: pause or resume' }).click();
      await row(subject(995)).focus();
      await popup.keyboard.press('x');
      await popup.getByText('1 selected').waitFor();
      expect(await axeSeriousViolations(popup), `${scheme}: selection bar`).toEqual([]);
      await popup.keyboard.press('Escape');
      await expect.poll(() => popup.getByText('1 selected').count()).toBe(0);
    }
    await popup.emulateMedia({ colorScheme: 'light' });
  });

  it('a selection of 20 rows sends 20 actions; one Undo takes all of them back', async () => {
    const first = 995;
    const last = first - 19;
    await row(subject(first)).focus();
    await popup.keyboard.press('x');
    await row(subject(last)).click({ modifiers: ['Shift'] });
    await popup.getByText('20 selected').waitFor();
    const before = await countIn('INBOX');
    const bar = popup.getByRole('toolbar', { name: 'Actions for 20 selected messages' });
    await bar.getByRole('button', { name: 'Delete', exact: true }).click();
    await popup.getByText('20 messages deleted.').waitFor();
    await expect.poll(() => row(subject(first)).count()).toBe(0);
    // Twenty held actions wait in the outbox; one Undo cancels them all.
    const outbox = () =>
      popup.evaluate(
        () =>
          new Promise<number>((done, fail) => {
            const open = indexedDB.open('mailglance');
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const req = open.result.transaction('outbox').objectStore('outbox').count();
              req.onsuccess = () => done(req.result);
              req.onerror = () => fail(req.error);
            };
          }),
      );
    await expect.poll(outbox).toBe(20);
    await popup.getByRole('button', { name: 'Undo' }).click();
    await row(subject(first)).waitFor();
    await expect.poll(() => row(subject(last)).count()).toBe(1);
    expect(await outbox()).toBe(0);
    // Past the hold, nothing reached the server: all 20 are still in INBOX, none in Trash.
    await new Promise((r) => setTimeout(r, HOLD_MS + 1000));
    expect(await countIn('INBOX')).toEqual(before);
    expect(await countIn('Trash')).toEqual({ messages: 1, unseen: 1 });

    // The same selection marked read: exactly those 20 change on the server.
    await row(subject(first)).focus();
    await popup.keyboard.press('x');
    await row(subject(last)).click({ modifiers: ['Shift'] });
    await popup.getByText('20 selected').waitFor();
    await bar.getByRole('button', { name: 'Mark read', exact: true }).click();
    await expect
      .poll(() => countIn('INBOX'), { timeout: 30_000, interval: 500 })
      .toEqual({
        messages: before.messages,
        unseen: before.unseen - 20,
      });
    for (const i of [first, last]) expect(await flagsOf('INBOX', subject(i))).toEqual(['\\Seen']);
    expect(await flagsOf('INBOX', subject(last - 1))).toEqual([]);
    await popup.keyboard.press('Escape');
  });

  it('scrolling to the end pages past the newest 100, from the server, each message once', async () => {
    const count = popup.getByTestId('listed-count');
    await expect.poll(() => count.textContent()).toMatch(/ of 976 unread listed$/);
    const unreadRows = () => popup.locator('[role="option"].unread').count();
    const target = 250;
    const deadline = Date.now() + 60_000;
    while ((await unreadRows()) < target && Date.now() < deadline) {
      // The "Show older" button loads by itself once it scrolls into view.
      await popup.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
      await popup.waitForTimeout(200);
    }
    expect(await unreadRows()).toBeGreaterThanOrEqual(target);
    const subjects = await popup.locator('[role="option"] .subject').allTextContents();
    expect(new Set(subjects).size).toBe(subjects.length);
    // Newest first, and reaching well below the newest 100 unread.
    const numbers = subjects.map((s) => Number(s.slice(-4)));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(Math.min(...numbers)).toBeLessThan(COUNT - 200);
    // A page asked for by the last scroll may still arrive: once it has, the count says what is listed.
    await expect
      .poll(async () => (await count.textContent()) === `${await unreadRows()} of 976 unread listed`)
      .toBe(true);
  });

  it('a pause keeps notifications quiet while the badge counts on', async () => {
    await recordNotifications(m.context);
    await popup.getByRole('button', { name: 'Notifications: pause or resume' }).click();
    await popup.getByRole('button', { name: 'Pause notifications for 1 hour' }).click();
    await expect
      .poll(() => popup.getByRole('button', { name: 'Notifications: pause or resume' }).getAttribute('data-paused'))
      .toBe('true');
    const before = await countIn('INBOX');
    await m.dovecot.deliver(USER, buildMessage({ subject: 'During the pause' }));
    await row('During the pause').waitFor({ timeout: 20_000 });
    await waitForBadge(m.context, (t) => t === String(before.unseen + 1));
    await new Promise((r) => setTimeout(r, 1500)); // time for any (wrong) notification to appear
    expect(await createdNotifications(m.context)).toEqual([]);

    await popup.getByRole('button', { name: 'Notifications: pause or resume' }).click();
    await popup.getByRole('button', { name: 'Resume notifications' }).click();
    await m.dovecot.deliver(USER, buildMessage({ subject: 'After the pause' }));
    await expect.poll(() => createdNotifications(m.context), { timeout: 20_000 }).toHaveLength(1);
  });

  it('quiet hours set on the options page keep notifications quiet; the badge counts on', async () => {
    const shown = (await createdNotifications(m.context)).length;
    const options = await m.context.newPage();
    await options.goto(extensionUrl('options.html'));
    // A window from an hour ago to an hour ahead, in the browser's own local time.
    const [start, end] = await options.evaluate(() => {
      const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
      return [hhmm(new Date(Date.now() - 3_600_000)), hhmm(new Date(Date.now() + 3_600_000))];
    });
    const all = options.getByRole('group', { name: 'Quiet hours (all accounts)' });
    await all.getByRole('checkbox').check();
    await all.getByLabel('From').fill(start);
    await all.getByLabel('until').fill(end);
    // Saved: the stored settings carry the window (read back the way the background reads them).
    await expect
      .poll(() =>
        options.evaluate(
          () =>
            new Promise<unknown>((done) => {
              const open = indexedDB.open('mailglance');
              open.onsuccess = () => {
                const req = open.result.transaction('settings').objectStore('settings').get('global');
                req.onsuccess = () =>
                  done((req.result?.value as { values?: { quietHours?: unknown } })?.values?.quietHours);
              };
            }),
        ),
      )
      .toEqual({ enabled: true, start, end });
    await options.close();
    const before = await countIn('INBOX');
    await m.dovecot.deliver(USER, buildMessage({ subject: 'In quiet hours' }));
    await waitForBadge(m.context, (t) => t === String(before.unseen + 1), 20_000);
    await new Promise((r) => setTimeout(r, 1500)); // time for any (wrong) notification to appear
    expect(await createdNotifications(m.context)).toHaveLength(shown);
  });
});
