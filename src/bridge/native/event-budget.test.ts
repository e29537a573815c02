import { describe, expect, it } from 'vitest';
import { parseEvent, type MessageHeader } from '../../protocol';
import { EVENT_BUDGET_BYTES, fitPage, fitSnapshot, fitsBudget } from './event-budget';

const header = (uid: number, pad: number): MessageHeader => ({
  uid: String(uid),
  from: [{ name: 'n'.repeat(200), address: 'a@example.com' }],
  to: Array.from({ length: 50 }, (_, k) => ({ name: `${k}`.padEnd(200, 'x'), address: `r${k}@example.com` })),
  subject: 's'.repeat(pad),
  date: new Date(0).toISOString(),
  flags: [],
  size: 1,
  hasAttachments: false,
  snippet: '',
});

const mailbox = { path: 'INBOX', name: 'INBOX', uidValidity: '1', total: 60, unseen: 60 };

describe('snapshots within the byte budget', () => {
  it('drops the oldest headers (the end of the list) and says so', () => {
    // 60 headers of ~13 KB each: ~780 KB fits; 60 of ~24 KB (uncapped To lists once made more) do not.
    const messages = Array.from({ length: 60 }, (_, i) => header(1000 - i, 1000));
    const big = { accountId: 'a', mailbox, messages: messages.map((m) => ({ ...m, snippet: 'x'.repeat(200) })) };
    const wide = { ...big, messages: [...big.messages, ...big.messages.map((m) => ({ ...m, uid: `${m.uid}0` }))] };
    const out = fitSnapshot(wide);
    expect(out.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(EVENT_BUDGET_BYTES);
    expect(out.messages.length).toBeGreaterThan(0);
    expect(out.messages).toEqual(wide.messages.slice(0, out.messages.length));
    expect(parseEvent({ kind: 'event', type: 'mailbox.snapshot', data: out }).ok).toBe(true);
  });

  it('leaves a snapshot that fits as it is', () => {
    const data = { accountId: 'a', mailbox, messages: [header(1, 10)] };
    expect(fitSnapshot(data)).toBe(data);
    expect(fitsBudget(data)).toBe(true);
    expect(fitsBudget({ added: [header(1, 10)] }, 100)).toBe(false);
  });
});

describe('pages within the byte budget', () => {
  it('a page of 100 headers at their longest is cut from the oldest end and says more remain', () => {
    const messages = Array.from({ length: 100 }, (_, i) => ({ ...header(500 - i, 1000), snippet: 'x'.repeat(200) }));
    const out = fitPage({ mailbox, messages, more: false });
    expect(out.more).toBe(true);
    expect(out.messages.length).toBeGreaterThan(0);
    expect(out.messages.length).toBeLessThan(100);
    expect(out.messages).toEqual(messages.slice(0, out.messages.length));
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(EVENT_BUDGET_BYTES);
  });

  it('a page that fits is returned as it is', () => {
    const page = { mailbox, messages: [header(3, 10), header(2, 10)], more: false };
    expect(fitPage(page)).toBe(page);
  });
});
