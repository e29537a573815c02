import type { Handler } from './context';
import { checkRefUid } from './message-ref';

export const messageAction: Handler<'message.action'> = async (params, ctx) => {
  checkRefUid(params.ref, ctx);
  return { mailbox: await ctx.manager.act(params.ref, params.action, params.actionId) };
};
