import type { Handler } from './context';

export const ping: Handler<'ping'> = () => ({});
