import { loggingFailure } from './action-log';
import type { Handler } from './context';

export const mailboxPurge: Handler<'mailbox.purge'> = async (params, ctx) => ({
  mailbox: await loggingFailure(ctx.log, { accountId: params.accountId, action: 'purge' }, () =>
    ctx.manager.purge(params.accountId, params.mailbox),
  ),
});
