import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountView } from '../../protocol/model';
import { runOAuthSignIn, SignInCancelled, type SignInFlowDeps, type SignInTarget } from './sign-in-flow';

export type SignInPhase =
  | { phase: 'idle' }
  | { phase: 'waiting' }
  | { phase: 'done'; account: AccountView }
  | { phase: 'failed'; code: string; message: string };

/** A sign-in's progress for a component; leaving the page cancels one that is still waiting. */
export function useOAuthSignIn(deps: Omit<SignInFlowDeps, 'signal' | 'onStarted'> = {}) {
  const [state, setState] = useState<SignInPhase>({ phase: 'idle' });
  const running = useRef<AbortController>();
  useEffect(() => () => running.current?.abort(), []);

  const start = async (target: SignInTarget): Promise<AccountView | undefined> => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setState({ phase: 'waiting' });
    try {
      const account = await runOAuthSignIn(target, { ...deps, signal: controller.signal });
      setState({ phase: 'done', account });
      return account;
    } catch (e) {
      if (e instanceof SignInCancelled) setState({ phase: 'idle' });
      else {
        const err = e as { code?: unknown; message?: unknown };
        setState({
          phase: 'failed',
          code: typeof err.code === 'string' ? err.code : 'INTERNAL',
          message: typeof err.message === 'string' ? err.message : String(e),
        });
      }
      return undefined;
    } finally {
      if (running.current === controller) running.current = undefined;
    }
  };

  const cancel = () => running.current?.abort();
  return { state, start, cancel };
}
