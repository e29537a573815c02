/** Shared pieces of the OAuth integration tests: a user, the bridge's environment, a "browser". */
import type { OAuthServer } from '../harness/oauth-server';

export const OAUTH_USER = 'alice@example.test';
/** A client id for the test server (it accepts any); the bridge refuses to start a sign-in without one. */
export const TEST_CLIENT_ID = 'mailglance-test-client';

/** The environment that points the bridge's providers at the test server. */
export function oauthEnv(oauth: OAuthServer): Record<string, string> {
  return {
    MAILGLANCE_OAUTH_TEST_SERVER: oauth.url,
    MAILGLANCE_GOOGLE_CLIENT_ID: TEST_CLIENT_ID,
    MAILGLANCE_MICROSOFT_CLIENT_ID: TEST_CLIENT_ID,
  };
}

/**
 * What the browser tab does: GET the authorization URL, follow the server's redirect to the
 * bridge's loopback listener, and show the page it answers. Node's fetch follows redirects and
 * resolves `localhost` like a browser may (to ::1 or 127.0.0.1).
 */
export async function completeInBrowser(
  authorizationUrl: string,
): Promise<{ status: number; page: string; url: string }> {
  const res = await fetch(authorizationUrl, { redirect: 'follow' });
  return { status: res.status, page: await res.text(), url: res.url };
}
