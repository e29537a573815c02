import { loggingFailure } from './action-log';
import type { Handler } from './context';
import { checkRefUid } from './message-ref';

export const messageAction: Handler<'message.action'> = async (params, ctx) => {
  checkRefUid(params.ref, ctx);
  return {
    mailbox: await loggingFailure(ctx.log, { accountId: params.ref.accountId, action: params.action }, () =>
      ctx.manager.act(params.ref, params.action, params.actionId),
    ),
  };
};
