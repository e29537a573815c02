/**
 * Answering from the popup, end to end: the built extension in Chromium, the real bridge over
 * native messaging, Dovecot, and the SMTP test server. The SMTP settings are made on the options
 * page; the reply is written with the keyboard in the popup; then exactly one message must have
 * reached the SMTP server, threaded to the original, with exactly one copy in Sent and the
 * original flagged \Answered.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot } from '../harness/dovecot';
import { withPeer } from '../harness/imap-peer';
import { buildMessage } from '../harness/mail-factory';
import { startSmtp, type Smtp } from '../harness/smtp-server';
import { BRIDGE_BUNDLE, CHROME_BUILD, requireBuilt } from '../support/built';
import { bridgePids } from '../support/bridge-install';
import { extensionUrl, openPopup } from '../support/chromium';
import {
  addAccountByCli,
  PASSWORD,
  startMailBrowser,
  USER,
  waitForBadge,
  type MailBrowser,
} from '../support/mail-browser';
import { CHROMIUM, requireProgram } from '../support/require-tool';

/** The text of every draft in the extension's IndexedDB. */
function draftTexts(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('mailglance');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('drafts').objectStore('drafts').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result.map((d: { text: string }) => d.text));
          };
        };
      }),
  );
}

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium') && requireDovecot();

describe.runIf(run)('Chromium: reply from the popup through SMTP', () => {
  let m: MailBrowser;
  let smtp: Smtp;
  let accountId = '';
  const peer = () => ({ host: m.dovecot.host, port: m.dovecot.ports.imap, user: USER, password: PASSWORD });

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, BRIDGE_BUNDLE);
    m = await startMailBrowser(CHROMIUM!, {
      beforeLaunch: (dovecot, bridge) => {
        dovecot.seed(USER, 'INBOX', [
          {
            raw: buildMessage({
              from: 'Bob Example <bob@example.net>',
              to: 'alice@example.org, dave@example.net',
              subject: 'Lunch on Friday?',
              messageId: '<lunch-1@example.net>',
              headers: { References: '<plans-0@example.net>' },
              text: 'Shall we meet at noon?',
            }),
          },
        ]);
        accountId = addAccountByCli(dovecot, bridge);
      },
    });
    smtp = await startSmtp({ users: [{ user: USER, password: PASSWORD }], certDir: m.dovecot.dir });
  });

  afterAll(async () => {
    await m?.close();
    await smtp?.stop();
  });

  it('sets up sending on the options page', async () => {
    await waitForBadge(m.context, (t) => t === '1', 30_000);
    const options = await m.context.newPage();
    await options.goto(extensionUrl(`options.html#/account/${accountId}`));
    await options.getByLabel('SMTP server').fill(smtp.host);
    await options.getByLabel('SMTP port').fill(String(smtp.ports.submission));
    await options.getByLabel('SMTP security').selectOption('starttls');
    await options.getByLabel('Sender address').fill('alice@example.org');
    await options.getByLabel('Sender name').fill('Alice');
    // The SMTP server moved: the bridge wants a password for it before it sends one there.
    await options.getByLabel('SMTP password (if different)').fill(PASSWORD);
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached', timeout: 20_000 });
    await options.close();
  });

  it('replies with the keyboard: one message at the server, one copy in Sent, \\Answered', async () => {
    const popup = await openPopup(m.context);
    await popup.getByRole('option', { name: /Lunch on Friday/ }).click();
    await popup.getByRole('button', { name: 'Reply', exact: true }).waitFor({ timeout: 20_000 });
    await popup.locator('body').press('r');
    const body = popup.locator('textarea[name="body"]');
    await body.waitFor();
    expect(await popup.locator('input[name="to"]').inputValue()).toBe('Bob Example <bob@example.net>');
    expect(await popup.locator('input[name="subject"]').inputValue()).toBe('Re: Lunch on Friday?');
    await body.press('Control+Home');
    await body.pressSequentially('Noon works.');
    await body.press('Control+Enter');
    await popup.getByText('Sent with').waitFor({ timeout: 30_000 });

    await smtp.waitForCount(1);
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0]!;
    expect(got.secure).toBe(true);
    expect(got.to).toEqual(['bob@example.net']);
    const raw = got.raw.toString();
    const head = raw.split('\r\n\r\n')[0]!;
    expect(head).toContain('From: Alice <alice@example.org>');
    expect(head).toContain('Subject: Re: Lunch on Friday?');
    expect(head).toContain('In-Reply-To: <lunch-1@example.net>');
    expect(head).toContain('References: <plans-0@example.net> <lunch-1@example.net>');
    expect(raw).toMatch(/^Noon works\./m);
    expect(raw).toContain('> Shall we meet at noon?');
    const messageId = /^Message-ID: (<[^>]+>)/m.exec(head)?.[1];
    expect(messageId).toMatch(/@example\.org>$/);

    const sent = await withPeer(peer(), async (client) => {
      await client.mailboxOpen('Sent');
      return (await client.search({ header: { 'message-id': messageId! } }, { uid: true })) || [];
    });
    expect(sent).toHaveLength(1);
    const answered = await withPeer(peer(), async (client) => {
      await client.mailboxOpen('INBOX');
      const uids = (await client.search({ header: { 'message-id': '<lunch-1@example.net>' } }, { uid: true })) || [];
      const msg = await client.fetchOne(String(uids[0]), { flags: true }, { uid: true });
      return msg ? [...(msg.flags ?? [])] : [];
    });
    expect(answered).toContain('\\Answered');

    // Closing the composer forgets the sent draft; nothing more goes out.
    await popup.getByRole('button', { name: 'Back' }).first().click();
    await popup.locator('#reader-subject').waitFor();
    expect(await draftTexts(popup)).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    await popup.close();
  });

  it('keeps a draft across popup closes, and a refused recipient leaves it intact', async () => {
    let popup = await openPopup(m.context);
    await popup.locator('body').press('c');
    await popup.locator('input[name="to"]').fill('nobody@example.net');
    await popup.locator('input[name="subject"]').fill('Kept');
    await popup.locator('textarea[name="body"]').fill('Typed before closing');
    // The composer saves shortly after the last keystroke: wait until the draft holds the text.
    await expect.poll(() => draftTexts(popup), { timeout: 10_000 }).toEqual(['Typed before closing']);
    await popup.close();

    popup = await openPopup(m.context);
    await popup.getByRole('button', { name: /Draft: Kept/ }).click();
    expect(await popup.locator('textarea[name="body"]').inputValue()).toBe('Typed before closing');
    smtp.refuse.add('nobody@example.net');
    await popup.getByRole('button', { name: 'Send' }).click();
    const alert = popup.locator('[data-code="RECIPIENT_REFUSED"]');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/refused a recipient/);
    expect(await popup.locator('textarea[name="body"]').inputValue()).toBe('Typed before closing');
    expect(smtp.received).toHaveLength(1);
    await popup.close();
  });

  it('waits while the SMTP server is down, says so, and sends exactly once when it is back', async () => {
    const before = smtp.received.length;
    await smtp.pause();
    const popup = await openPopup(m.context);
    await popup.locator('body').press('c');
    await popup.locator('input[name="to"]').fill('bob@example.net');
    await popup.locator('input[name="subject"]').fill('While the server was down');
    await popup.locator('textarea[name="body"]').fill('Sent later');
    await popup.getByRole('button', { name: 'Send' }).click();
    const waiting = popup.locator('[data-state="queued"]');
    await waiting.waitFor({ timeout: 30_000 });
    expect(await waiting.textContent()).toMatch(/Waiting to send.*cannot be reached/);
    expect(smtp.received.length - before).toBe(0);
    await smtp.start();
    await popup.getByText('Sent with').waitFor({ timeout: 60_000 });
    expect(smtp.received.length - before).toBe(1);
    expect(smtp.received.at(-1)!.raw.toString()).toContain('Subject: While the server was down');
    await popup.close();
  });

  it('a bridge killed after the server got the message asks, and "It was sent" files one copy', async () => {
    const before = smtp.received.length;
    let killed = 0;
    smtp.beforeAccept = () => {
      // The server has the data and has not answered yet: the bridge dies before it hears back.
      for (const pid of bridgePids(m.bridge.configDir)) process.kill(pid, 'SIGKILL');
      killed++;
      smtp.beforeAccept = undefined;
    };
    const popup = await openPopup(m.context);
    await popup.locator('body').press('c');
    await popup.locator('input[name="to"]').fill('bob@example.net');
    await popup.locator('input[name="subject"]').fill('Cut off');
    await popup.locator('textarea[name="body"]').fill('Did this go out?');
    await popup.getByRole('button', { name: 'Send' }).click();
    // The extension restarts the bridge and retries; the bridge's record says the try may have
    // reached the server, so it asks instead of sending again.
    const question = popup.locator('[data-code="SEND_UNCERTAIN"]');
    await question.waitFor({ timeout: 60_000 });
    expect(killed).toBe(1);
    expect(smtp.received.length - before).toBe(1);
    await popup.getByRole('button', { name: 'It was sent' }).click();
    await popup.getByText('Sent with').waitFor({ timeout: 30_000 });
    expect(smtp.received.length - before).toBe(1);
    const messageId = /^Message-ID: (<[^>]+>)/m.exec(smtp.received.at(-1)!.raw.toString())?.[1];
    const copies = await withPeer(peer(), async (client) => {
      await client.mailboxOpen('Sent');
      return (await client.search({ header: { 'message-id': messageId! } }, { uid: true })) || [];
    });
    expect(copies).toHaveLength(1);
    await popup.close();
  });

  it('replies to all with Cc, and forwards with the attachment', async () => {
    const before = smtp.received.length;
    await m.dovecot.deliver(
      USER,
      buildMessage({
        from: 'Bob Example <bob@example.net>',
        to: 'alice@example.org, dave@example.net',
        subject: 'Agenda',
        messageId: '<agenda-1@example.net>',
        text: 'Agenda attached.',
        attachments: [{ filename: 'agenda.txt', contentType: 'text/plain', content: 'item one' }],
      }),
    );
    const popup = await openPopup(m.context);
    const open = async () => {
      await popup.getByRole('option', { name: /Agenda/ }).click();
      await popup.getByRole('button', { name: 'Reply all' }).waitFor({ timeout: 20_000 });
    };
    await open();
    await popup.locator('body').press('a');
    await popup.locator('textarea[name="body"]').waitFor();
    expect(await popup.locator('input[name="cc"]').inputValue()).toBe('dave@example.net');
    await popup.locator('textarea[name="body"]').press('Control+Enter');
    await popup.getByText('Sent with').waitFor({ timeout: 30_000 });
    await smtp.waitForCount(before + 1);
    const all = smtp.received.at(-1)!;
    expect(all.to.sort()).toEqual(['bob@example.net', 'dave@example.net']);
    expect(all.raw.toString()).toMatch(/^Cc: dave@example\.net/m);

    await popup.getByRole('button', { name: 'Back' }).first().click();
    // The reader is back with its body (Forward shows only then) before the key is pressed.
    await popup.getByRole('button', { name: 'Forward' }).waitFor({ timeout: 20_000 });
    await popup.locator('body').press('f');
    await popup.locator('input[name="to"]').fill('carol@example.net');
    expect(await popup.locator('input[name="subject"]').inputValue()).toBe('Fwd: Agenda');
    await popup.getByText(/Attachments forwarded.*agenda\.txt/).waitFor();
    await popup.locator('textarea[name="body"]').press('Control+Enter');
    await popup.getByText('Sent with').waitFor({ timeout: 30_000 });
    await smtp.waitForCount(before + 2);
    const forwarded = smtp.received.at(-1)!.raw.toString();
    expect(smtp.received.at(-1)!.to).toEqual(['carol@example.net']);
    expect(forwarded).toMatch(/filename=agenda\.txt/);
    expect(forwarded).toContain(Buffer.from('item one').toString('base64'));
    expect(smtp.received.length - before).toBe(2);
    await popup.close();
  });
});
