import type { Handler } from './context';

export const accountRemove: Handler<'account.remove'> = async (params, ctx) => {
  await ctx.manager.remove(params.accountId);
  return {};
};
