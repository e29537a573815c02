import type { Handler } from './context';

export const doctor: Handler<'doctor'> = (_params, ctx) => ctx.doctor();
