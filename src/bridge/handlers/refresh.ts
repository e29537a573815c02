import type { Handler } from './context';

export const refresh: Handler<'refresh'> = async (params, ctx) => {
  await ctx.manager.refresh(params.accountId);
  return {};
};
