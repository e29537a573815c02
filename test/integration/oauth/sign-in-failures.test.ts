/**
 * Every way a sign-in can fail, against the real OAuth test server and the real loopback
 * listener: each gives its own clear message, closes the listener and adds no account.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SignIns, type SignInAccounts } from '../../../src/bridge/auth/sign-in';
import { silentLogger } from '../../../src/bridge/log';
import { BridgeError, type AccountView, type RequestParams } from '../../../src/protocol';
import { startOAuthServer, type OAuthServer } from '../../harness/oauth-server';
import { completeInBrowser, OAUTH_USER, oauthEnv } from '../../support/oauth-sign-in';

const SETTINGS: RequestParams<'oauth.start'> = {
  settings: {
    type: 'imap',
    host: '127.0.0.1',
    port: 1143,
    security: 'none',
    user: OAUTH_USER,
    auth: 'oauth2',
    oauthProvider: 'google',
  },
};

/** Records what a sign-in stored; a failed one must store nothing. */
function recordingAccounts(): SignInAccounts & { added: number } {
  const view = { id: 'new', label: OAUTH_USER } as AccountView;
  const accounts = {
    added: 0,
    list: () => [],
    add: () => {
      accounts.added++;
      return view;
    },
    update: () => Promise.resolve(view),
  };
  return accounts;
}

async function outcome(signIns: SignIns, signInId: string): Promise<string> {
  try {
    const r = await signIns.wait({ signInId, waitMs: 10_000 });
    return r.status;
  } catch (e) {
    expect(e).toBeInstanceOf(BridgeError);
    return `${(e as BridgeError).code}: ${(e as BridgeError).message}`;
  }
}

/** True once nothing listens on the redirect's port any more. */
async function listenerClosed(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    () => true,
  );
}

describe('OAuth sign-in failures', () => {
  let oauth: OAuthServer;
  beforeAll(async () => {
    oauth = await startOAuthServer();
  });
  afterAll(async () => oauth?.stop());
  afterEach(() => {
    oauth.setAuthorizeFault('none');
    oauth.setTokenFault('none');
  });

  const run = async (prepare: () => void) => {
    const accounts = recordingAccounts();
    const signIns = new SignIns(accounts, silentLogger, { env: oauthEnv(oauth) });
    prepare();
    const exchangesBefore = oauth.tokenRequests.authorization_code ?? 0;
    const started = await signIns.start(SETTINGS);
    const redirect = new URL(started.authorizationUrl).searchParams.get('redirect_uri')!;
    const tab = await completeInBrowser(started.authorizationUrl);
    const result = await outcome(signIns, started.signInId);
    await expect.poll(() => listenerClosed(redirect), { timeout: 5_000 }).toBe(true);
    const exchanges = (oauth.tokenRequests.authorization_code ?? 0) - exchangesBefore;
    return { result, tab, added: accounts.added, exchanges };
  };

  it('succeeds when nothing goes wrong (the baseline for the cases below)', async () => {
    const { result, tab, added } = await run(() => {});
    expect(result).toBe('done');
    expect(tab.page).toContain('signed in');
    expect(added).toBe(1);
  });

  it('denied consent', async () => {
    const { result, tab, added } = await run(() => oauth.setAuthorizeFault('access_denied'));
    expect(result).toBe('SIGN_IN_FAILED: access was not granted at Google');
    expect(tab.status).toBe(400);
    expect(tab.page).toContain('access was not granted');
    expect(added).toBe(0);
  });

  it('a state that does not match', async () => {
    const { result, added, exchanges } = await run(() => oauth.setAuthorizeFault('wrong_state'));
    expect(result).toMatch(/SIGN_IN_FAILED: .*state mismatch/);
    expect(added).toBe(0);
    expect(exchanges).toBe(0); // the code of a foreign answer is never exchanged
  });

  it('an answer naming another issuer (RFC 9207)', async () => {
    const { result, added } = await run(() => oauth.setAuthorizeFault('wrong_iss'));
    expect(result).toMatch(/SIGN_IN_FAILED: .*iss mismatch/);
    expect(added).toBe(0);
  });

  it('a token endpoint that answers 500', async () => {
    const { result, added } = await run(() => oauth.setTokenFault('status500'));
    expect(result).toMatch(/SIGN_IN_FAILED: .*(HTTP 500|not JSON)/);
    expect(added).toBe(0);
  });

  it('a token endpoint that answers garbage', async () => {
    const { result, added } = await run(() => oauth.setTokenFault('garbage'));
    expect(result).toMatch(/SIGN_IN_FAILED: .*not JSON/);
    expect(added).toBe(0);
  });

  it('nobody finishing in time', async () => {
    const accounts = recordingAccounts();
    const signIns = new SignIns(accounts, silentLogger, { env: oauthEnv(oauth), timeoutMs: 300 });
    const started = await signIns.start(SETTINGS);
    expect(await outcome(signIns, started.signInId)).toMatch(/SIGN_IN_FAILED: nobody finished the sign-in/);
    const redirect = new URL(started.authorizationUrl).searchParams.get('redirect_uri')!;
    await expect.poll(() => listenerClosed(redirect), { timeout: 5_000 }).toBe(true);
    expect(accounts.added).toBe(0);
  });

  it('a loopback port in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const signIns = new SignIns(recordingAccounts(), silentLogger, { env: oauthEnv(oauth), port });
      const err = await signIns.start(SETTINGS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BridgeError);
      expect((err as BridgeError).code).toBe('SIGN_IN_FAILED');
      expect((err as BridgeError).message).toMatch(new RegExp(`port ${port}.*in use`));
    } finally {
      blocker.close();
    }
  });

  it('a cancelled sign-in', async () => {
    const accounts = recordingAccounts();
    const signIns = new SignIns(accounts, silentLogger, { env: oauthEnv(oauth) });
    const started = await signIns.start(SETTINGS);
    signIns.cancel(started.signInId);
    expect(await outcome(signIns, started.signInId)).toBe('SIGN_IN_FAILED: the sign-in was cancelled');
    const redirect = new URL(started.authorizationUrl).searchParams.get('redirect_uri')!;
    await expect.poll(() => listenerClosed(redirect), { timeout: 5_000 }).toBe(true);
  });

  it('no OAuth app in this build', async () => {
    const signIns = new SignIns(recordingAccounts(), silentLogger, { env: {} });
    const err = (await signIns.start(SETTINGS).catch((e: unknown) => e)) as BridgeError;
    expect(err.code).toBe('SIGN_IN_FAILED');
    expect(err.message).toMatch(/no OAuth app for Google.*docs\/oauth\.md/);
  });
});
