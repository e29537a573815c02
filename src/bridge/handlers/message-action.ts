import type { Handler } from './context';

export const messageAction: Handler<'message.action'> = async (params, ctx) => ({
  mailbox: await ctx.manager.act(params.ref, params.action, params.actionId),
});
