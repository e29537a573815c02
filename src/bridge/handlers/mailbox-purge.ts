import type { Handler } from './context';

export const mailboxPurge: Handler<'mailbox.purge'> = async (params, ctx) => ({
  mailbox: await ctx.manager.purge(params.accountId, params.mailbox),
});
