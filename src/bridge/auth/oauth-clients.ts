/**
 * Which OAuth app (client id, and Google's non-confidential desktop "secret") this bridge signs
 * in with, and where the providers' endpoints are. No id is committed: a release build sets them
 * from the environment (scripts/build-bridge.mjs writes them into the bundle), and docs/oauth.md
 * says how to register the apps. An account may name its own client id ("use my own OAuth app").
 *
 * Read at run time, in this order: `MAILGLANCE_GOOGLE_CLIENT_ID` / `MAILGLANCE_GOOGLE_CLIENT_SECRET`
 * / `MAILGLANCE_MICROSOFT_CLIENT_ID` from the environment (development and tests), then the values
 * built in.
 *
 * `MAILGLANCE_OAUTH_TEST_SERVER` points every provider's authorize and token endpoints at one
 * OAuth server for tests (`<url>/authorize`, `<url>/token`). Only an http(s) URL on a loopback
 * host is taken, so a stray setting can never send codes or tokens off this machine.
 */
import { BridgeError, ErrorCode } from '../../protocol';
import { isLoopbackHost } from '../../protocol/rules/loopback';
import { oauthProvider, type OAuthPreset, type OAuthProviderId } from '../../protocol/rules/providers';

export interface OAuthClient {
  clientId: string;
  /** Google desktop clients still send one; it is not secret (RFC 8252 §8.5). */
  clientSecret?: string;
}

type BuiltInClients = Partial<Record<OAuthProviderId, OAuthClient>>;
declare const __OAUTH_CLIENTS__: BuiltInClients | undefined;
const BUILT_IN: BuiltInClients = typeof __OAUTH_CLIENTS__ === 'object' && __OAUTH_CLIENTS__ ? __OAUTH_CLIENTS__ : {};

const ENV_NAMES: Record<OAuthProviderId, { id: string; secret?: string }> = {
  google: { id: 'MAILGLANCE_GOOGLE_CLIENT_ID', secret: 'MAILGLANCE_GOOGLE_CLIENT_SECRET' },
  microsoft: { id: 'MAILGLANCE_MICROSOFT_CLIENT_ID' },
};

/** The OAuth app for `provider`: the account's own client id, else the environment's, else the build's. */
export function oauthClient(
  provider: OAuthProviderId,
  accountClientId?: string,
  env: NodeJS.ProcessEnv = process.env,
): OAuthClient {
  const names = ENV_NAMES[provider];
  const fromEnv = env[names.id]
    ? { clientId: env[names.id]!, clientSecret: names.secret ? env[names.secret] || undefined : undefined }
    : undefined;
  const base = fromEnv ?? BUILT_IN[provider];
  if (accountClientId) return { clientId: accountClientId, clientSecret: base?.clientSecret };
  if (!base?.clientId) {
    throw new BridgeError(
      ErrorCode.SignInFailed,
      `this build of Mailglance has no OAuth app for ${oauthProvider(provider).name}: ` +
        'enter your own client id under "Advanced", or see docs/oauth.md',
    );
  }
  return base;
}

/** The provider's endpoints and scopes, with the test server's endpoints when one is set. */
export function oauthEndpoints(provider: OAuthProviderId, env: NodeJS.ProcessEnv = process.env): OAuthPreset {
  const preset = oauthProvider(provider).oauth;
  const test = env.MAILGLANCE_OAUTH_TEST_SERVER;
  if (!test) return preset;
  let url: URL;
  try {
    url = new URL(test);
  } catch {
    throw new BridgeError(ErrorCode.SignInFailed, 'MAILGLANCE_OAUTH_TEST_SERVER is not a URL');
  }
  if (!/^https?:$/.test(url.protocol) || !isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))) {
    throw new BridgeError(ErrorCode.SignInFailed, 'MAILGLANCE_OAUTH_TEST_SERVER must be a loopback http(s) URL');
  }
  const base = url.href.replace(/\/$/, '');
  return { ...preset, authorizeUrl: `${base}/authorize`, tokenUrl: `${base}/token`, issuer: base };
}
