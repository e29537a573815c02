import type { Handler } from './context';

export const oauthWait: Handler<'oauth.wait'> = (params, ctx) => ctx.signIns.wait(params);
