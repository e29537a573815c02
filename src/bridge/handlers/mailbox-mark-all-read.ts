import type { Handler } from './context';

export const mailboxMarkAllRead: Handler<'mailbox.markAllRead'> = async (params, ctx) => {
  const { actionId, accountId, mailbox, uidValidity, upToUid } = params;
  return { mailbox: await ctx.manager.markAllRead(accountId, { mailbox, uidValidity, upToUid }, actionId) };
};
