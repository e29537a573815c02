import type { AccountView, OAuthProvider } from '../../protocol/model';
import { oauthProvider } from '../../protocol/rules/providers';
import { t } from '../i18n';
import type { SignInFlowDeps, SignInTarget } from './sign-in-flow';
import { useOAuthSignIn } from './use-oauth-sign-in';

interface Props {
  provider: OAuthProvider;
  /** What to sign in: new-account settings, or an existing account. Undefined: the form is not ready. */
  target: () => SignInTarget | undefined;
  /** The bridge also announces the account (`accounts.changed`), so pages that list accounts need not. */
  onSignedIn?: (account: AccountView) => void;
  /** "Sign in again" instead of "Sign in with <provider>". */
  again?: boolean;
  /** The suggested provider's button is the primary one. */
  primary?: boolean;
  deps?: Omit<SignInFlowDeps, 'signal' | 'onStarted'>;
}

/**
 * A "Sign in with Google / Microsoft" (or "Sign in again") button with its progress: waiting
 * for the tab, cancel, and the bridge's reason when it failed. Reusable on any extension page.
 */
export function OAuthSignIn({ provider, target, onSignedIn, again, primary, deps }: Props) {
  const { state, start, cancel } = useOAuthSignIn(deps);
  const name = oauthProvider(provider).name;
  const go = async () => {
    const what = target();
    if (!what) return;
    const account = await start(what);
    if (account) onSignedIn?.(account);
  };
  return (
    <div class="oauth-sign-in" data-provider={provider}>
      {state.phase === 'waiting' ? (
        <>
          <span role="status" class="hint">
            {t('signInWaiting')}
          </span>{' '}
          <button type="button" onClick={cancel}>
            {t('cancel')}
          </button>
        </>
      ) : (
        <button type="button" class={primary ? 'primary' : undefined} onClick={() => void go()}>
          {again ? t('signInAgain') : t('signInWith', name)}
        </button>
      )}
      {state.phase === 'failed' && (
        <p class="banner error" role="alert">
          {/no OAuth app/.test(state.message) ? t('signInNoApp') : t('signInFailed', state.message)}
        </p>
      )}
      {state.phase === 'done' && (
        <p class="banner info" role="status">
          {t('signInDone', state.account.label || state.account.user)}
        </p>
      )}
    </div>
  );
}
