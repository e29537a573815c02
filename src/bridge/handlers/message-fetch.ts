import type { Handler } from './context';

export const messageFetch: Handler<'message.fetch'> = (params, ctx) => ctx.manager.fetch(params.ref);
