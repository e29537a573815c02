import type { Handler } from './context';

export const accountUpdate: Handler<'account.update'> = async (params, ctx) => ({
  account: await ctx.manager.update(params.accountId, params.settings, params.password, params.smtpPassword),
});
