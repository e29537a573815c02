import { autodetect } from '../autodetect';
import type { Handler } from './context';

export const accountAutodetect: Handler<'account.autodetect'> = async (params) => ({
  candidates: await autodetect(params.email),
});
