import { loggingFailure } from './action-log';
import type { Handler } from './context';

export const mailboxMarkAllRead: Handler<'mailbox.markAllRead'> = async (params, ctx) => {
  const { actionId, accountId, mailbox, uidValidity, upToUid, upToUidls } = params;
  return {
    mailbox: await loggingFailure(ctx.log, { accountId, action: 'markAllRead' }, () =>
      ctx.manager.markAllRead(accountId, { mailbox, uidValidity, upToUid, upToUidls }, actionId),
    ),
  };
};
