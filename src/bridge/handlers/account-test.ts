import type { Handler } from './context';

export const accountTest: Handler<'account.test'> = (params, ctx) => ctx.manager.test(params);
