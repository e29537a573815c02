/**
 * The authorization request URL (RFC 6749 §4.1.1) with PKCE (RFC 7636 §4.3), for a native app
 * with a loopback redirect (RFC 8252 §7.3).
 */
import type { OAuthPreset } from '../../protocol/rules/providers';

export interface AuthorizationRequest {
  endpoints: OAuthPreset;
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  /** The address: the provider preselects that account (Google and Microsoft both read it). */
  loginHint?: string;
}

export function authorizationUrl(r: AuthorizationRequest): string {
  const url = new URL(r.endpoints.authorizeUrl);
  const q = url.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', r.clientId);
  q.set('redirect_uri', r.redirectUri);
  q.set('scope', r.endpoints.scopes.join(' '));
  q.set('state', r.state);
  q.set('code_challenge', r.codeChallenge);
  q.set('code_challenge_method', 'S256');
  if (r.loginHint) q.set('login_hint', r.loginHint);
  for (const [k, v] of Object.entries(r.endpoints.extraAuthParams)) q.set(k, v);
  return url.href;
}
