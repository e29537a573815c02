/**
 * The settings of a new OAuth account from the account form: the provider's servers
 * (src/protocol/rules/providers.ts) unless the user entered a server of their own, the address
 * as the login name, and `auth: "oauth2"`. No password: the bridge stores tokens after sign-in.
 */
import type { AccountSettings, OAuthProvider } from '../../protocol/model';
import { oauthProvider } from '../../protocol/rules/providers';
import { draftToSettings, type AccountDraft } from './account-draft';

export function oauthSettings(d: AccountDraft, provider: OAuthProvider, clientId?: string): AccountSettings {
  const preset = oauthProvider(provider);
  const server = d.type === 'pop3' && preset.pop3 ? preset.pop3 : preset.imap;
  const base = draftToSettings(d);
  const own = d.host.trim() !== '';
  const address = d.email.trim() || d.user.trim();
  return {
    ...base,
    host: own ? base.host : server.host,
    port: own ? base.port : server.port,
    security: own ? base.security : server.security,
    user: d.user.trim() || address,
    label: base.label || address,
    auth: 'oauth2',
    oauthProvider: provider,
    ...(clientId ? { oauthClientId: clientId } : {}),
  };
}
