import { describe, expect, it } from 'vitest';
import { backoffMs, pollIntervalMs } from './backoff';
import { bodyFromRetr, fitReply } from './body';
import type { MessageBody } from '../../protocol';

describe('poll timing', () => {
  it('defaults to 2 minutes with a 30 s floor', () => {
    expect(pollIntervalMs(undefined)).toBe(120_000);
    expect(pollIntervalMs(5)).toBe(30_000);
    expect(pollIntervalMs(300)).toBe(300_000);
  });

  it('backs off exponentially with jitter in the upper half, capped at 10 minutes', () => {
    expect(backoffMs(1, () => 0)).toBe(2_500);
    expect(backoffMs(1, () => 1)).toBe(5_000);
    expect(backoffMs(3, () => 0.5)).toBe(15_000);
    expect(backoffMs(50, () => 1)).toBe(600_000);
  });
});

describe('fitReply', () => {
  const body = (html: string): MessageBody => ({
    ref: { accountId: 'a', mailbox: 'INBOX', uidValidity: '0', uid: 'u' },
    header: {
      uid: 'u',
      from: [],
      to: [],
      subject: '',
      date: '',
      flags: [],
      size: 0,
      hasAttachments: false,
      snippet: '',
    },
    html,
    text: 'short',
    attachments: [],
    truncated: false,
  });

  it('leaves small replies alone', () => {
    expect(fitReply(body('<p>hi</p>'))).toEqual(body('<p>hi</p>'));
  });

  it('cuts escape-heavy HTML until the JSON fits', () => {
    // Each control character is 6 bytes of JSON (\u0001).
    const out = fitReply(body('\u0001'.repeat(400_000)), 900_000);
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(900_000);
    expect(out.truncated).toBe(true);
  });
});

describe('bodyFromRetr', () => {
  it('lists at most 100 attachments and says the body was cut', async () => {
    const part = (i: number) =>
      `--b\r\nContent-Type: text/plain; name="a${i}.txt"\r\nContent-Disposition: attachment; filename="a${i}.txt"\r\n\r\nx\r\n`;
    const raw =
      'From: a@example.org\r\nSubject: many parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
      '--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n' +
      Array.from({ length: 150 }, (_, i) => part(i)).join('') +
      '--b--\r\n';
    const ref = { accountId: 'a', mailbox: 'INBOX', uidValidity: '0', uid: 'u' };
    const body = await bodyFromRetr(ref, Buffer.from(raw), false, raw.length, [], new Date(0).toISOString());
    expect(body.attachments).toHaveLength(100);
    expect(body.attachments[99].filename).toBe('a99.txt');
    expect(body.truncated).toBe(true);
  });
});
