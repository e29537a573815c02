/**
 * Hostile mail that ordinary servers accept: six messages whose Subject and To are ~100 KB each,
 * and one whose MIME tree is nested deeper than imapflow's parser takes (its BODYSTRUCTURE
 * cannot be read). The snapshot must stay under the 1 MB message limit and list every message
 * the badge counts; a body fetch of a big-header message must fit one reply too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { MAX_HOST_MESSAGE_BYTES } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

const USER = 'hostile';

/** A header value of about `bytes` characters, folded into 76-character lines (RFC 5322 §2.2.3). */
function folded(word: string, bytes: number): string {
  const words = Array.from({ length: Math.ceil(bytes / (word.length + 1)) }, (_, i) => `${word}${i}`);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line.length + w.length > 74) {
      lines.push(line);
      line = '';
    }
    line += (line ? ' ' : '') + w;
  }
  return [...lines, line].join('\r\n ');
}

function bigHeaderMessage(i: number, text = `Body ${i}.`): string {
  const to = Array.from({ length: 2500 }, (_, k) => `"Recipient ${k} of message ${i}" <r${k}@example.com>`).join(
    ',\r\n ',
  );
  return buildMessage({ subject: `Big ${i} ${folded('subject', 100_000)}`, to, text });
}

/** multipart/mixed nested `depth` times around one text part. */
function deepMimeMessage(depth: number): string {
  let body = 'Content-Type: text/plain\r\n\r\nDeep inside.\r\n';
  for (let d = depth; d > 0; d--) {
    const b = `b${d}`;
    body = `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n--${b}\r\n${body}--${b}--\r\n`;
  }
  return [
    'From: Deep <deep@example.com>',
    'To: hostile@localhost',
    'Subject: Deeply nested',
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    'Message-ID: <deep@example.com>',
    'MIME-Version: 1.0',
    body,
  ].join('\r\n');
}

describe.skipIf(!requireDovecot())('IMAP headers from hostile mail', () => {
  let dc: Dovecot;
  const drivers: AccountDriver[] = [];

  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: 'pw' }], quotaMB: 100 });
    for (let i = 0; i < 6; i++) await dc.deliver(USER, bigHeaderMessage(i));
    await dc.deliver(USER, deepMimeMessage(40));
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.stop()));
    await dc?.destroy();
  });

  async function start() {
    const rec = new Recorder();
    const factory = createImapDriverFactory({ bodyLimits: { sourceBytes: 3 * 1024 * 1024, textBytes: 900 * 1024 } });
    const driver = factory.create(accountFor(dc, USER), 'pw', rec);
    drivers.push(driver);
    driver.start();
    const snap = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0, () => true, 30_000);
    return { rec, driver, snap };
  }

  it('lists every counted message, with capped fields, in a snapshot under 1 MB', async () => {
    const { snap } = await start();
    const { at: _at, ...data } = snap;
    const bytes = Buffer.byteLength(JSON.stringify(data));
    console.log(`snapshot of 7 hostile messages: ${bytes} bytes, truncated=${String(data.truncated ?? false)}`);
    expect(bytes).toBeLessThan(MAX_HOST_MESSAGE_BYTES - 1024);
    expect(snap.mailbox.unseen).toBe(7);
    // Every counted message is listed (or the snapshot says it had to leave some out).
    if (!data.truncated) expect(snap.messages).toHaveLength(7);
    for (const m of snap.messages) {
      expect(m.subject.length).toBeLessThanOrEqual(1000);
      expect(m.to.length).toBeLessThanOrEqual(50);
    }
    const deep = snap.messages.find((m) => m.subject === 'Deeply nested');
    expect(deep, 'the deeply nested message falls back to its ENVELOPE').toBeDefined();
    expect(deep?.from[0]?.address).toBe('deep@example.com');
  });

  it('fits a body fetch of a big-header message with a long text into one reply', async () => {
    const { rec, driver, snap } = await start();
    const from = rec.events.length;
    await dc.deliver(USER, bigHeaderMessage(9, 'long text '.repeat(95_000)));
    const delta = await rec.waitMailbox('mailbox.delta', 'INBOX', from, (d) =>
      d.added.some((m) => m.subject.startsWith('Big 9')),
    );
    const big = delta.added.find((m) => m.subject.startsWith('Big 9'))!;
    const body = await driver.fetch({
      accountId: `acct-${USER}`,
      mailbox: 'INBOX',
      uidValidity: snap.mailbox.uidValidity,
      uid: big.uid,
    });
    expect(body.truncated).toBe(true);
    const reply = JSON.stringify({ kind: 'reply', id: 'x'.repeat(64), ok: true, result: body });
    console.log(`body reply of a big-header message: ${Buffer.byteLength(reply)} bytes`);
    expect(Buffer.byteLength(reply)).toBeLessThan(MAX_HOST_MESSAGE_BYTES);
  });
});
