import type { Handler } from './context';

export const accountsList: Handler<'accounts.list'> = (_params, ctx) => ({ accounts: ctx.manager.list() });
