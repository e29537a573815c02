import type { Handler } from './context';

/** Answers at once; the snapshots follow as `mailbox.snapshot` events. */
export const resync: Handler<'resync'> = async (params, ctx) => {
  await ctx.manager.resync(params.accountId);
  return {};
};
