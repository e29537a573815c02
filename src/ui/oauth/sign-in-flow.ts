/**
 * One OAuth sign-in from an extension page, without any UI: ask the bridge to start it, open the
 * provider's page in a normal tab (so the browser's existing session is reused), then wait until
 * the bridge reports the outcome. Any page can run it: the options page, a first-run setup.
 * Tokens never reach the page; the result is the account as the bridge stored it.
 */
import { browser } from 'wxt/browser';
import { sendToBackground } from '../../messaging/client';
import type { RuntimeParams } from '../../messaging/map';
import type { AccountView } from '../../protocol/model';

export type SignInTarget = RuntimeParams<'oauth.start'>;

export interface SignInFlowDeps {
  send?: typeof sendToBackground;
  /** Opens the authorization URL; a new active tab by default. */
  openTab?: (url: string) => Promise<unknown>;
  /** Aborting cancels the sign-in at the bridge (its listener closes, nothing is stored). */
  signal?: AbortSignal;
  /** Called once the tab is open. */
  onStarted?: (started: { signInId: string; provider: string }) => void;
}

/** The longest each `oauth.wait` holds on (the bridge allows 30 s; the background's request timeout is 60 s). */
const WAIT_MS = 25_000;

export class SignInCancelled extends Error {
  constructor() {
    super('sign-in cancelled');
    this.name = 'SignInCancelled';
  }
}

/** Runs the sign-in to its end; rejects with the bridge's error (SIGN_IN_FAILED, ...) or SignInCancelled. */
export async function runOAuthSignIn(target: SignInTarget, deps: SignInFlowDeps = {}): Promise<AccountView> {
  const send = deps.send ?? sendToBackground;
  const openTab = deps.openTab ?? ((url: string) => browser.tabs.create({ url, active: true }));
  const started = await send('oauth.start', target);
  const cancel = () => void send('oauth.cancel', { signInId: started.signInId }).catch(() => undefined);
  if (deps.signal?.aborted) {
    cancel();
    throw new SignInCancelled();
  }
  deps.signal?.addEventListener('abort', cancel, { once: true });
  try {
    await openTab(started.authorizationUrl);
    deps.onStarted?.({ signInId: started.signInId, provider: started.provider });
    // Ends: the bridge gives up after 5 minutes with SIGN_IN_FAILED, which rejects here.
    for (;;) {
      if (deps.signal?.aborted) throw new SignInCancelled();
      const result = await send('oauth.wait', { signInId: started.signInId, waitMs: WAIT_MS });
      if (deps.signal?.aborted) throw new SignInCancelled();
      if (result.status === 'done') return result.account;
    }
  } finally {
    deps.signal?.removeEventListener('abort', cancel);
  }
}
