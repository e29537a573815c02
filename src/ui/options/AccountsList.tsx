import type { AccountView } from '../../protocol/model';
import { accountColour } from '../format';
import { t, type MessageKey } from '../i18n';
import { OAuthSignIn } from '../oauth/OAuthSignIn';

const PUSH_KEYS: Record<NonNullable<AccountView['push']>, MessageKey> = {
  verified: 'pushVerified',
  unverified: 'pushUnverified',
  unreliable: 'pushUnreliable',
};

const STATE_KEYS: Record<AccountView['state'], MessageKey> = {
  idle: 'stateIdle',
  connecting: 'stateConnecting',
  connected: 'stateConnected',
  reconnecting: 'stateReconnecting',
  authFailed: 'stateAuthFailed',
  tlsUntrusted: 'stateTlsUntrusted',
  signInRequired: 'stateSignInRequired',
  error: 'stateError',
};

interface Props {
  accounts: AccountView[];
  onEdit: (account: AccountView) => void;
  onRemove: (account: AccountView) => void;
}

/** The configured accounts with their connection state, each with Edit and Remove. */
export function AccountsList({ accounts, onEdit, onRemove }: Props) {
  if (accounts.length === 0) return <p class="hint">{t('noAccountsOptions')}</p>;
  return (
    <ul class="accounts" aria-label={t('accountsHeading')}>
      {accounts.map((a) => (
        <li key={a.id} class="account" data-account-id={a.id} data-state={a.state}>
          <span class="dot" style={{ background: accountColour(a.id) }} aria-hidden="true" />
          <span class="account-main">
            <strong>{a.label || a.user}</strong>{' '}
            <span class="hint">
              {a.type.toUpperCase()} · {a.user} @ {a.host}:{a.port}
            </span>
            <br />
            <span class={`state state-${a.state}`}>{t(STATE_KEYS[a.state])}</span>
            {a.stateDetail && <span class="hint"> — {a.stateDetail}</span>}
            {a.state === 'connected' && a.push && (
              <span class={`hint push-${a.push}`} data-push={a.push}>
                {' '}
                · {t(PUSH_KEYS[a.push])}
              </span>
            )}
            {a.secretStore && (
              <span class="hint"> · {t(a.secretStore === 'keyring' ? 'secretKeyring' : 'secretFile')}</span>
            )}
            {a.state === 'signInRequired' && a.oauthProvider && (
              <OAuthSignIn again primary provider={a.oauthProvider} target={() => ({ accountId: a.id })} />
            )}
          </span>
          <button type="button" onClick={() => onEdit(a)} aria-label={t('editAccountNamed', a.label || a.user)}>
            {t('edit')}
          </button>
          <button
            type="button"
            class="danger"
            onClick={() => onRemove(a)}
            aria-label={t('removeAccountNamed', a.label || a.user)}
          >
            {t('remove')}
          </button>
        </li>
      ))}
    </ul>
  );
}
