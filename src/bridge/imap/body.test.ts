import type { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { MessageBody, type MessageRef } from '../../protocol';
import * as v from 'valibot';
import { capAttachments, capTexts, cutToJsonBytes, fetchBody, MAX_ATTACHMENTS } from './body';
import type { LockFn } from './work-lock';

const jsonBytes = (s: string | undefined) => Buffer.byteLength(JSON.stringify(s ?? ''));

describe('cutToJsonBytes', () => {
  it('keeps short strings and cuts long ones to the JSON byte budget', () => {
    expect(cutToJsonBytes('short', 100)).toBe('short');
    const s = 'ü"\\\n'.repeat(10_000);
    const cut = cutToJsonBytes(s, 1000);
    expect(jsonBytes(cut)).toBeLessThanOrEqual(1000);
    expect(jsonBytes(cut)).toBeGreaterThan(900);
    expect(s.startsWith(cut)).toBe(true);
  });
  it('returns an empty string when even "" does not fit, instead of looping', () => {
    expect(cutToJsonBytes('abc', 1)).toBe('');
    expect(cutToJsonBytes('abc', 0)).toBe('');
  });
  it('never splits a surrogate pair', () => {
    const cut = cutToJsonBytes('😀'.repeat(1000), 101);
    expect(cut.length % 2).toBe(0);
  });
});

describe('capTexts', () => {
  it('leaves small bodies alone', () => {
    expect(capTexts('t', '<p>h</p>', 1000)).toEqual({ text: 't', html: '<p>h</p>', truncated: false });
  });
  it('cuts text alone to the whole budget (no html)', () => {
    const r = capTexts('x'.repeat(5000), undefined, 1000);
    expect(r.truncated).toBe(true);
    expect(r.html).toBeUndefined();
    expect(jsonBytes(r.text)).toBeLessThanOrEqual(1000);
  });
  it('shares the budget between text and html', () => {
    const r = capTexts('x'.repeat(5000), 'y'.repeat(5000), 3000);
    expect(jsonBytes(r.text) + jsonBytes(r.html)).toBeLessThanOrEqual(3000);
    expect(r.text!.length).toBeGreaterThan(500);
    expect(r.html!.length).toBeGreaterThan(1500);
  });
});

describe('attachment list cap', () => {
  const att = (i: number, name = `f${i}.bin`) => ({ filename: name, contentType: 'application/octet-stream', size: i });

  it('keeps a short list as it is', () => {
    const list = [att(1), att(2)];
    expect(capAttachments(list)).toEqual({ attachments: list, truncated: false });
  });
  it('keeps the first MAX_ATTACHMENTS and says it cut', () => {
    const r = capAttachments(Array.from({ length: 5000 }, (_, i) => att(i)));
    expect(MAX_ATTACHMENTS).toBe(100);
    expect(r.attachments).toHaveLength(100);
    expect(r.attachments[99]).toEqual(att(99));
    expect(r.truncated).toBe(true);
  });
  it('cuts huge file names and types (never a surrogate pair in half)', () => {
    const r = capAttachments([{ filename: 'a' + '😀'.repeat(1000), contentType: 'x/' + 'y'.repeat(10_000), size: 1 }]);
    expect(r.truncated).toBe(true);
    expect(r.attachments[0].filename.length).toBeLessThanOrEqual(255);
    expect(r.attachments[0].filename).toMatch(/^a(😀)+$/u);
    expect(r.attachments[0].contentType).toHaveLength(255);
  });

  /** A multipart/mixed message with `parts` small attachments, each with a long name. */
  function manyParts(parts: number): Buffer {
    const b = 'BOUNDARY-x1';
    const lines = ['From: a@example.com', 'To: b@example.com', 'Subject: many parts', 'MIME-Version: 1.0'];
    lines.push(
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain',
      '',
      'Hello.',
    );
    for (let i = 0; i < parts; i++) {
      const name = `attachment-${i}-${'n'.repeat(200)}.txt`;
      lines.push(`--${b}`, `Content-Type: application/octet-stream; name="${name}"`);
      lines.push(
        `Content-Disposition: attachment; filename="${name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        'QQ==',
      );
    }
    lines.push(`--${b}--`, '');
    return Buffer.from(lines.join('\r\n'));
  }

  it('fetchBody of a message with 3,000 parts stays under 1 MB and says truncated', async () => {
    const source = manyParts(3000);
    const client = {
      mailbox: { uidValidity: 7n },
      fetchOne: async () => ({ uid: 1, seq: 1, source, size: source.length, flags: new Set<string>(), envelope: {} }),
    } as unknown as ImapFlow;
    const lock: LockFn = async () => ({ release() {} }) as Awaited<ReturnType<LockFn>>;
    const ref: MessageRef = { accountId: 'a', mailbox: 'INBOX', uidValidity: '7', uid: '1' };
    const body = await fetchBody(client, lock, ref);
    expect(v.is(MessageBody, body)).toBe(true);
    expect(body.attachments).toHaveLength(MAX_ATTACHMENTS);
    expect(body.attachments[0].filename).toMatch(/^attachment-0-n+\.txt$/);
    expect(body.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(1024 * 1024);
    expect(body.text?.trim()).toBe('Hello.');
  });
});
