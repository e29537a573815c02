import '../testing/dom';
import { describe, expect, it } from 'vitest';
import type { MessageBody } from '../../protocol/model';
import { forwardSubject, formatAddress, quote, replySubject, startDraft } from './reply-draft';

const ref = { accountId: 'a1', mailbox: 'INBOX', uidValidity: '7', uid: '42' };
const body = (extra: Partial<MessageBody> = {}): MessageBody => ({
  ref,
  header: {
    uid: '42',
    messageId: '<orig@example.com>',
    from: [{ name: 'Bob', address: 'bob@example.com' }],
    to: [{ name: 'Alice', address: 'Alice@Example.com' }, { address: 'dave@example.com' }],
    subject: 'Lunch',
    date: '2026-12-01T12:00:00.000Z',
    flags: [],
    size: 100,
    hasAttachments: false,
    snippet: '',
  },
  text: 'Lunch at noon?\n> earlier line',
  attachments: [],
  truncated: false,
  replyContext: { replyTo: [], cc: [{ address: 'carol@example.com' }], references: ['<root@example.com>'] },
  ...extra,
});

describe('subjects', () => {
  it('adds Re: and Fwd: once, never stacked', () => {
    expect(replySubject('Lunch')).toBe('Re: Lunch');
    expect(replySubject('Re: Lunch')).toBe('Re: Lunch');
    expect(replySubject('RE: Lunch')).toBe('RE: Lunch');
    expect(replySubject('AW: Mittag')).toBe('AW: Mittag');
    expect(forwardSubject('Lunch')).toBe('Fwd: Lunch');
    expect(forwardSubject('Fwd: Lunch')).toBe('Fwd: Lunch');
    expect(forwardSubject('FW: Lunch')).toBe('FW: Lunch');
    expect(replySubject('Fwd: Lunch')).toBe('Re: Fwd: Lunch');
  });
});

describe('quoting', () => {
  it('prefixes every line once more', () => {
    expect(quote('a\n> b\n')).toBe('> a\n>> b\n> ');
  });

  it('quotes the text of HTML mail as text: no markup survives, nothing runs', () => {
    const draft = startDraft(
      'reply',
      ref,
      body({
        text: undefined,
        html: '<p>Hi <b>there</b></p><script>window.pwned=1</script><img src="https://evil.example/x.png" onerror="window.pwned=2">',
      }),
      ['alice@example.com'],
    );
    expect(draft.text).toContain('> Hi there');
    const quoted = draft.text.split('\n').filter((l) => l.startsWith('>'));
    expect(quoted.join('\n')).not.toMatch(/<|script|onerror|pwned/);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });
});

describe('startDraft', () => {
  it('Reply goes to the sender with threading headers and the quote', () => {
    const d = startDraft('reply', ref, body(), ['alice@example.com']);
    expect(d).toMatchObject({
      to: 'Bob <bob@example.com>',
      cc: '',
      subject: 'Re: Lunch',
      inReplyTo: '<orig@example.com>',
      references: ['<root@example.com>', '<orig@example.com>'],
      answers: ref,
    });
    expect(d.text).toMatch(/wrote:\n> Lunch at noon\?\n>> earlier line/);
  });

  it('Reply honours Reply-To', () => {
    const d = startDraft(
      'reply',
      ref,
      body({ replyContext: { replyTo: [{ address: 'list@example.com' }], cc: [], references: [] } }),
      [],
    );
    expect(d.to).toBe('list@example.com');
  });

  it('Reply all adds To and Cc without me and without repeats', () => {
    const d = startDraft('replyAll', ref, body(), ['alice@example.com']);
    expect(d.to).toBe('Bob <bob@example.com>');
    expect(d.cc).toBe('dave@example.com, carol@example.com');
  });

  it('Forward has no recipients, carries the attachments and no threading', () => {
    const d = startDraft(
      'forward',
      ref,
      body({ attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', size: 10 }] }),
      [],
    );
    expect(d).toMatchObject({ to: '', subject: 'Fwd: Lunch', forwardsAttachmentsOf: ref });
    expect(d.forwardAttachments).toEqual([{ filename: 'a.pdf', size: 10 }]);
    expect(d.inReplyTo).toBeUndefined();
    expect(d.text).toContain('---------- Forwarded message ----------\nFrom: Bob <bob@example.com>');
  });

  it('keeps at most 20 references, the newest', () => {
    const refs = Array.from({ length: 30 }, (_, i) => `<r${i}@example.com>`);
    const d = startDraft('reply', ref, body({ replyContext: { replyTo: [], cc: [], references: refs } }), []);
    expect(d.references).toHaveLength(20);
    expect(d.references?.at(-1)).toBe('<orig@example.com>');
    expect(d.references?.[0]).toBe('<r11@example.com>');
  });

  it('quotes names that would break an address list', () => {
    expect(formatAddress({ name: 'Doe, John', address: 'j@example.com' })).toBe('"Doe, John" <j@example.com>');
  });
});
