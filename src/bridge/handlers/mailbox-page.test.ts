import { describe, expect, it } from 'vitest';
import type { AccountView, MessageHeader } from '../../protocol';
import { silentLogger } from '../log';
import type { PageTarget } from '../accounts/driver';
import type { HandlerContext } from './context';
import { mailboxPage } from './mailbox-page';

const header = (uid: string, pad = 0): MessageHeader => ({
  uid,
  from: [],
  to: Array.from({ length: 50 }, (_, k) => ({ name: 'n'.repeat(200), address: `r${k}${'x'.repeat(pad)}@example.org` })),
  subject: 's'.repeat(1000),
  date: new Date(0).toISOString(),
  flags: [],
  size: 1,
  hasAttachments: false,
  snippet: 'x'.repeat(200),
});

function context(messages: MessageHeader[]) {
  const reached: PageTarget[] = [];
  const manager = {
    list: () => [{ id: 'imap1', type: 'imap' } as AccountView, { id: 'pop1', type: 'pop3' } as AccountView],
    page: (_id: string, target: PageTarget) => (
      reached.push(target),
      Promise.resolve({
        mailbox: { path: 'INBOX', name: 'INBOX', uidValidity: '1', total: 500, unseen: 500 },
        messages,
        more: false,
      })
    ),
  };
  return { ctx: { manager, log: silentLogger } as unknown as HandlerContext, reached };
}

const params = (accountId: string, before?: string) => ({
  accountId,
  mailbox: 'INBOX',
  uidValidity: '1',
  limit: 100,
  ...(before === undefined ? {} : { before }),
});

describe('mailbox.page handler', () => {
  it('refuses a cursor that is not one decimal UID for IMAP, before the driver sees it', async () => {
    const { ctx, reached } = context([]);
    for (const before of ['a:b', '0', '4294967296']) {
      await expect(mailboxPage(params('imap1', before), ctx)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(reached).toEqual([]);
    await mailboxPage(params('pop1', 'a:b'), ctx);
    await mailboxPage(params('imap1', '17'), ctx);
    expect(reached.map((r) => r.before)).toEqual(['a:b', '17']);
  });

  it('cuts a reply of 100 headers at their longest to the 1 MB budget and says more remain', async () => {
    const { ctx } = context(Array.from({ length: 100 }, (_, i) => header(String(500 - i), 100)));
    const out = await mailboxPage(params('imap1'), ctx);
    expect(out.more).toBe(true);
    expect(out.messages.length).toBeLessThan(100);
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(1_000_000);
  });
});
