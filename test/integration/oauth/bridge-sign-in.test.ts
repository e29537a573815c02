/**
 * The bridge's OAuth sign-in end to end without a browser: the real bridge process, the OAuth
 * test server (oauth2-mock-server on loopback) and a Dovecot whose oauth2 passdb checks every
 * token at that server. The "tab" is an HTTP client following the authorization redirect to the
 * bridge's loopback listener.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { startOAuthServer, type OAuthServer } from '../../harness/oauth-server';
import { BridgeProcess } from '../../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';
import { completeInBrowser, OAUTH_USER, oauthEnv } from '../../support/oauth-sign-in';

type Frame = Record<string, unknown>;
const TTL_SEC = 8;

describe.skipIf(!requireDovecot())('OAuth sign-in through the bridge against Dovecot', () => {
  let oauth: OAuthServer;
  let dc: Dovecot;
  let bridge: BridgeProcess;
  let configDir: string;
  let n = 0;
  const request = async (type: string, params: unknown) => (await bridge.request(`r${++n}`, type, params)) as Frame;
  const settings = (type: 'imap' | 'pop3') => ({
    type,
    host: dc.host,
    port: type === 'imap' ? dc.ports.imap : dc.ports.pop3,
    security: 'none',
    user: OAUTH_USER,
    auth: 'oauth2',
    oauthProvider: 'microsoft',
  });
  const signIn = async (params: unknown) => {
    const started = await request('oauth.start', params);
    expect(started.ok, JSON.stringify(started.error)).toBe(true);
    const { signInId, authorizationUrl } = started.result as { signInId: string; authorizationUrl: string };
    const tab = await completeInBrowser(authorizationUrl);
    const waited = await request('oauth.wait', { signInId, waitMs: 10_000 });
    return { started, tab, waited, authorizationUrl };
  };
  const unseenIn = (accountId: string) =>
    [...bridge.frames]
      .reverse()
      .map((f) => f as Frame)
      .find(
        (f) =>
          f.kind === 'event' &&
          (f.type === 'mailbox.snapshot' || f.type === 'mailbox.delta') &&
          (f.data as { accountId: string }).accountId === accountId,
      )?.data as { mailbox: { unseen: number } } | undefined;

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    oauth = await startOAuthServer({ accessTtlSec: TTL_SEC });
    dc = await startDovecot({
      users: [{ user: OAUTH_USER, password: 'unused-password' }],
      oauth2: { introspectionUrl: oauth.introspectionUrl },
    });
    await dc.deliver(OAUTH_USER, buildMessage({ subject: 'before sign-in 1' }));
    await dc.deliver(OAUTH_USER, buildMessage({ subject: 'before sign-in 2' }));
    configDir = mkdtempSync(join(tmpdir(), 'mg-oauth-'));
    // Wire logging on: the SASL lines that carry tokens must be redacted in the log too.
    bridge = new BridgeProcess(configDir, { ...oauthEnv(oauth), MAILGLANCE_WIRE_LOG: '1' });
    await bridge.hello();
  });

  afterAll(async () => {
    await bridge?.stop();
    await dc?.destroy();
    await oauth?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  let accountId = '';

  it('signs in with PKCE, adds the account and logs in to IMAP with a token', async () => {
    const { tab, waited, authorizationUrl } = await signIn({ settings: settings('imap') });
    const url = new URL(authorizationUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('login_hint')).toBe(OAUTH_USER);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/oauth\/callback$/);
    expect(oauth.authorizeRequests.at(-1)?.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tab.status).toBe(200);
    expect(tab.page).toContain('You can close this tab');
    expect(waited.ok, JSON.stringify(waited.error)).toBe(true);
    const account = (waited.result as { status: string; account: { id: string; auth: string; hasPassword: boolean } })
      .account;
    expect(account).toMatchObject({ auth: 'oauth2', hasPassword: true });
    accountId = account.id;
    await bridge.waitFor(
      (f) =>
        f.kind === 'event' &&
        f.type === 'account.state' &&
        (f.data as Frame).accountId === accountId &&
        (f.data as Frame).state === 'connected',
      20_000,
    );
    await expect.poll(() => unseenIn(accountId)?.mailbox.unseen, { timeout: 10_000 }).toBe(2);
    expect(dc.log()).toMatch(/imap-login: Info: Login: user=<alice@example\.test>, method=(OAUTHBEARER|XOAUTH2)/);
  });

  it('logs in again with refreshed tokens across several expiries and misses no delivery', async () => {
    const refreshesBefore = oauth.tokenRequests.refresh_token ?? 0;
    for (let i = 0; i < 3; i++) {
      // Wait out one token lifetime, then deliver: the session in use must be a renewed one.
      await new Promise((r) => setTimeout(r, TTL_SEC * 1000));
      await dc.deliver(OAUTH_USER, buildMessage({ subject: `after expiry ${i}` }));
      await expect.poll(() => unseenIn(accountId)?.mailbox.unseen, { timeout: 15_000 }).toBe(3 + i);
    }
    expect((oauth.tokenRequests.refresh_token ?? 0) - refreshesBefore).toBeGreaterThanOrEqual(3);
    const states = bridge.frames
      .map((f) => f as Frame)
      .filter((f) => f.type === 'account.state' && (f.data as Frame).accountId === accountId)
      .map((f) => (f.data as Frame).state);
    expect(states).not.toContain('signInRequired');
    expect(states).not.toContain('authFailed');
  }, 90_000);

  it('POP3 logs in with SASL XOAUTH2', async () => {
    const report = await request('account.test', { settings: settings('pop3'), password: undefined });
    // A draft has no stored tokens: it must say so, not try an empty password.
    expect(report.ok).toBe(false);
    expect((report.error as Frame).code).toBe('SIGN_IN_REQUIRED');
    const { waited } = await signIn({ settings: settings('pop3') });
    expect(waited.ok, JSON.stringify(waited.error)).toBe(true);
    const pop3Id = (waited.result as { account: { id: string } }).account.id;
    const tested = await request('account.test', { accountId: pop3Id });
    expect(tested.ok, JSON.stringify(tested.error)).toBe(true);
    expect((tested.result as { authMechanism?: string }).authMechanism).toBe('XOAUTH2');
    expect(dc.log()).toMatch(/pop3-login: Info: Login: user=<alice@example\.test>, method=XOAUTH2/);
    await request('account.remove', { accountId: pop3Id });
  });

  it('refuses to add an OAuth account without signing in, or to overwrite its tokens with a password', async () => {
    const add = await request('account.add', { settings: settings('imap') });
    expect((add.error as Frame).code).toBe('BAD_REQUEST');
    const update = await request('account.update', { accountId, settings: {}, password: 'a password' });
    expect((update.error as Frame).code).toBe('BAD_REQUEST');
    const switched = await request('account.update', { accountId, settings: { auth: 'password' } });
    expect((switched.error as Frame).code).toBe('BAD_REQUEST');
  });

  it('keeps every token out of the protocol, accounts.json and the log', () => {
    const tokens = oauth.issuedTokens();
    expect(tokens.length).toBeGreaterThan(3);
    const wire = Buffer.concat(bridge.stdoutBytes).toString('utf8');
    const accountsFile = readFileSync(join(configDir, 'accounts.json'), 'utf8');
    const log = readFileSync(join(configDir, 'logs', 'bridge.log'), 'utf8');
    for (const token of tokens) {
      expect(wire.includes(token)).toBe(false);
      expect(accountsFile.includes(token)).toBe(false);
      expect(log.includes(token)).toBe(false);
    }
    // The SASL initial responses carry the tokens base64-encoded: no long base64 run may remain.
    expect(log).toMatch(/AUTHENTICATE OAUTHBEARER \(redacted\)/);
    expect(log).not.toMatch(/[A-Za-z0-9+/=]{200,}/);
    // ...and they are where they belong: the 0600 secrets file of this test's store.
    const secrets = readFileSync(join(configDir, 'secrets.json'), 'utf8');
    expect(tokens.some((t) => secrets.includes(t))).toBe(true);
  });

  it('a revoked grant puts the account in signInRequired; signing in again restores it', async () => {
    oauth.revoke(OAUTH_USER);
    await bridge.waitFor(
      (f) =>
        f.kind === 'event' &&
        f.type === 'account.state' &&
        (f.data as Frame).accountId === accountId &&
        (f.data as Frame).state === 'signInRequired',
      TTL_SEC * 1000 + 15_000,
    );
    const refreshes = oauth.tokenRequests.refresh_token ?? 0;
    // No retry loop against the provider.
    await new Promise((r) => setTimeout(r, TTL_SEC * 1000));
    expect(oauth.tokenRequests.refresh_token ?? 0).toBe(refreshes);

    const framesBefore = bridge.frames.length;
    const { waited } = await signIn({ accountId });
    expect(waited.ok, JSON.stringify(waited.error)).toBe(true);
    await bridge.waitFor(
      (f) =>
        bridge.frames.indexOf(f) >= framesBefore &&
        f.kind === 'event' &&
        f.type === 'account.state' &&
        (f.data as Frame).accountId === accountId &&
        (f.data as Frame).state === 'connected',
      20_000,
    );
    await dc.deliver(OAUTH_USER, buildMessage({ subject: 'after signing in again' }));
    await expect.poll(() => unseenIn(accountId)?.mailbox.unseen, { timeout: 15_000 }).toBe(6);
  }, 60_000);
});
