import type { Handler } from './context';

export const oauthCancel: Handler<'oauth.cancel'> = (params, ctx) => {
  ctx.signIns.cancel(params.signInId);
  return {};
};
