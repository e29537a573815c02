import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../protocol';
import type { HandlerContext } from './context';
import { messageAction } from './message-action';
import { messageFetch } from './message-fetch';

/** A context whose manager knows one IMAP and one POP3 account and records what reached it. */
function context() {
  const reached: string[] = [];
  const manager = {
    list: () => [{ id: 'imap1', type: 'imap' } as AccountView, { id: 'pop1', type: 'pop3' } as AccountView],
    fetch: (ref: { uid: string }) => (reached.push(`fetch ${ref.uid}`), Promise.resolve({})),
    act: (ref: { uid: string }) => (reached.push(`act ${ref.uid}`), Promise.resolve({})),
  };
  return { ctx: { manager } as unknown as HandlerContext, reached };
}

const ref = (accountId: string, uid: string) => ({ accountId, mailbox: 'INBOX', uidValidity: '1', uid });

describe('IMAP refs need one decimal UID before they reach the driver', () => {
  it.each(['a:b', '0', '01', '4294967296', 'abc'])('refuses %j for an IMAP account', async (uid) => {
    const { ctx, reached } = context();
    await expect(async () => messageFetch({ ref: ref('imap1', uid) }, ctx)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(messageAction({ ref: ref('imap1', uid), action: 'delete', actionId: 'x' }, ctx)).rejects.toMatchObject(
      { code: 'BAD_REQUEST' },
    );
    expect(reached).toEqual([]);
  });

  it('lets a decimal UID through for IMAP and a UIDL for POP3', async () => {
    const { ctx, reached } = context();
    await messageFetch({ ref: ref('imap1', '17') }, ctx);
    await messageAction({ ref: ref('pop1', 'a:b'), action: 'markRead', actionId: 'x' }, ctx);
    expect(reached).toEqual(['fetch 17', 'act a:b']);
  });
});
