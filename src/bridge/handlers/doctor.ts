import { boundedProblems } from '../accounts/config-problems';
import type { Handler } from './context';

export const doctor: Handler<'doctor'> = (_params, ctx) => {
  const problems = boundedProblems(ctx.manager.configProblems());
  return { ...ctx.doctor(), ...(problems ? { configProblems: problems } : {}) };
};
