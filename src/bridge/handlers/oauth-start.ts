import type { Handler } from './context';

/** Opens the loopback listener and answers the URL to open; tokens stay in the bridge. */
export const oauthStart: Handler<'oauth.start'> = (params, ctx) => ctx.signIns.start(params);
