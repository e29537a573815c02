import type { Handler } from './context';
import { checkRefUid } from './message-ref';

export const messageFetch: Handler<'message.fetch'> = (params, ctx) => {
  checkRefUid(params.ref, ctx);
  return ctx.manager.fetch(params.ref);
};
