import { useState } from 'preact/hooks';
import { OAUTH_PROVIDER_IDS, oauthProvider, providerForAddress } from '../../protocol/rules/providers';
import type { AccountView, OAuthProvider } from '../../protocol/model';
import { t } from '../i18n';
import { OAuthSignIn } from '../oauth/OAuthSignIn';
import type { AccountDraft } from './account-draft';
import { oauthSettings } from './oauth-settings';

interface Props {
  draft: AccountDraft;
  /** A provider autodetect found by the domain's MX hosts (a custom domain at Google or Microsoft 365). */
  detected?: OAuthProvider;
  onSignedIn: (account: AccountView) => void;
}

/**
 * "Sign in with Google / Microsoft" for a new account: the provider the address (or its MX)
 * points to comes first and is suggested; both are always offered. "Advanced" takes the user's
 * own OAuth client id for builds without one (docs/oauth.md).
 */
export function OAuthChoice({ draft, detected, onSignedIn }: Props) {
  const [clientId, setClientId] = useState('');
  const [missing, setMissing] = useState(false);
  const suggested = providerForAddress(draft.email)?.oauth?.provider ?? detected;
  const order = [...OAUTH_PROVIDER_IDS].sort((a, b) => Number(b === suggested) - Number(a === suggested));
  const target = (provider: OAuthProvider) => () => {
    const ok = /^[^\s@]+@[^\s@]+$/.test(draft.email.trim() || draft.user.trim());
    setMissing(!ok);
    return ok ? { settings: oauthSettings(draft, provider, clientId.trim() || undefined) } : undefined;
  };
  return (
    <fieldset class="oauth-choice">
      <legend>{suggested ? t('signInSuggested', oauthProvider(suggested).name) : t('signInChoice')}</legend>
      {order.map((provider) => (
        <OAuthSignIn
          key={provider}
          provider={provider}
          primary={provider === suggested}
          target={target(provider)}
          onSignedIn={onSignedIn}
        />
      ))}
      {missing && (
        <p class="error" role="alert">
          {t('errorEmail')}
        </p>
      )}
      <details>
        <summary>{t('signInOwnClientId')}</summary>
        <input
          id="oauth-client-id"
          type="text"
          value={clientId}
          maxLength={200}
          spellcheck={false}
          aria-label={t('signInOwnClientId')}
          onInput={(e) => setClientId(e.currentTarget.value)}
        />
      </details>
    </fieldset>
  );
}
