import type { Handler } from './context';

/** The password is stored by the bridge and never sent back (the view has `hasPassword`). */
export const accountAdd: Handler<'account.add'> = (params, ctx) => ({
  account: ctx.manager.add(params.settings, params.password, params.smtpPassword),
});
