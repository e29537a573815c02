import { describe, expect, it } from 'vitest';
import { BridgeError, ErrorCode } from '../../protocol';
import { silentLogger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import { oauthClient } from './oauth-clients';
import { requestTokens, type FetchLike } from './token-endpoint';
import { OAuthTokens } from './token-source';
import { parseTokenSet, refreshMarginMs, serializeTokenSet, type TokenSet } from './token-set';

function memoryStore(): SecretStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    kind: 'file',
    data,
    get: (id) => data.get(id),
    set: (id, s) => void data.set(id, s),
    delete: (id) => void data.delete(id),
  };
}

/** A token endpoint that answers from a queue and records each form it got. */
function fakeEndpoint(...answers: Array<{ status: number; body: string } | Error>) {
  const forms: URLSearchParams[] = [];
  const fetch: FetchLike = async (_url, init) => {
    forms.push(new URLSearchParams(init.body));
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return { status: next.status, text: async () => next.body };
  };
  return { fetch, forms };
}

const json = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });
const ENV = { MAILGLANCE_MICROSOFT_CLIENT_ID: 'ms-client' };
const ACCOUNT = { id: 'acct-1', oauthProvider: 'microsoft' as const };

function stored(now: number, over: Partial<TokenSet> = {}): string {
  return serializeTokenSet({
    kind: 'oauth2',
    refreshToken: 'refresh-1',
    accessToken: 'access-1',
    issuedAt: now - 3_000_000,
    expiresAt: now + 600_000,
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<BridgeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BridgeError);
  return err as BridgeError;
}

describe('token source', () => {
  it('hands out the stored token while more than the margin is left, without a request', async () => {
    const now = 1_000_000_000;
    const store = memoryStore();
    store.set('acct-1', stored(now));
    const end = fakeEndpoint();
    const source = new OAuthTokens(store, silentLogger, { fetch: end.fetch, now: () => now, env: ENV }).sourceFor(
      ACCOUNT,
    );
    expect(await source.accessToken()).toBe('access-1');
    expect(end.forms).toHaveLength(0);
    expect(source.renewAt()).toBe(now + 600_000 - 60_000);
  });

  it('refreshes under 60 s left, saves the rotated refresh token at once, and refreshes once for parallel callers', async () => {
    let now = 1_000_000_000;
    const store = memoryStore();
    store.set('acct-1', stored(now, { expiresAt: now + 30_000 }));
    const end = fakeEndpoint(
      json(200, { access_token: 'access-2', token_type: 'Bearer', expires_in: 3600, refresh_token: 'refresh-2' }),
    );
    const tokens = new OAuthTokens(store, silentLogger, { fetch: end.fetch, now: () => now, env: ENV });
    const source = tokens.sourceFor(ACCOUNT);
    const [a, b] = await Promise.all([source.accessToken(), source.accessToken()]);
    expect([a, b]).toEqual(['access-2', 'access-2']);
    expect(end.forms).toHaveLength(1);
    expect(Object.fromEntries(end.forms[0])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      client_id: 'ms-client',
    });
    const saved = parseTokenSet(store.get('acct-1'));
    expect(saved).toMatchObject({ refreshToken: 'refresh-2', accessToken: 'access-2', expiresAt: now + 3_600_000 });
    now += 1000;
    expect(await source.accessToken()).toBe('access-2');
    expect(tokens.refreshes.get('acct-1')).toBe(1);
  });

  it('keeps the refresh token when the reply brings no new one (Google)', async () => {
    const now = 5_000_000;
    const store = memoryStore();
    store.set('acct-1', stored(now, { expiresAt: now - 1 }));
    const end = fakeEndpoint(json(200, { access_token: 'access-2', token_type: 'bearer', expires_in: '1800' }));
    const source = new OAuthTokens(store, silentLogger, { fetch: end.fetch, now: () => now, env: ENV }).sourceFor(
      ACCOUNT,
    );
    expect(await source.accessToken()).toBe('access-2');
    expect(parseTokenSet(store.get('acct-1'))).toMatchObject({ refreshToken: 'refresh-1', expiresAt: now + 1_800_000 });
  });

  it('uses half the lifetime as margin for short-lived tokens', () => {
    expect(refreshMarginMs({ issuedAt: 0, expiresAt: 20_000 })).toBe(10_000);
    expect(refreshMarginMs({ issuedAt: 0, expiresAt: 3_600_000 })).toBe(60_000);
  });

  it('invalid_grant is SIGN_IN_REQUIRED and the stored tokens stay as they were', async () => {
    const now = 5_000_000;
    const store = memoryStore();
    const before = stored(now, { expiresAt: now });
    store.set('acct-1', before);
    const end = fakeEndpoint(json(400, { error: 'invalid_grant', error_description: 'AADSTS70000 revoked' }));
    const source = new OAuthTokens(store, silentLogger, { fetch: end.fetch, now: () => now, env: ENV }).sourceFor(
      ACCOUNT,
    );
    const err = await failure(source.accessToken());
    expect(err.code).toBe(ErrorCode.SignInRequired);
    expect(err.message).toMatch(/sign in again/);
    expect(store.get('acct-1')).toBe(before);
  });

  it('invalid_grant after another process rotated the refresh token uses the stored one instead', async () => {
    const now = 5_000_000;
    const store = memoryStore();
    store.set('acct-1', stored(now, { expiresAt: now }));
    const fetch: FetchLike = async () => {
      // The other browser's bridge refreshed first: the token we sent is spent, the store has a new set.
      store.set(
        'acct-1',
        stored(now, { refreshToken: 'refresh-9', accessToken: 'access-9', expiresAt: now + 3_600_000 }),
      );
      return { status: 400, text: async () => JSON.stringify({ error: 'invalid_grant' }) };
    };
    const source = new OAuthTokens(store, silentLogger, { fetch, now: () => now, env: ENV }).sourceFor(ACCOUNT);
    expect(await source.accessToken()).toBe('access-9');
  });

  it('no stored sign-in is SIGN_IN_REQUIRED without asking the provider', async () => {
    const end = fakeEndpoint();
    const source = new OAuthTokens(memoryStore(), silentLogger, { fetch: end.fetch, env: ENV }).sourceFor(ACCOUNT);
    expect((await failure(source.accessToken())).code).toBe(ErrorCode.SignInRequired);
    expect(end.forms).toHaveLength(0);
  });
});

describe('token endpoint replies', () => {
  const call = (fetch: FetchLike, purpose: 'exchange' | 'refresh' = 'refresh') =>
    requestTokens({ tokenUrl: 'http://127.0.0.1:9/token', purpose, fetch, form: { grant_type: 'x' } }, 'old-refresh');

  it('a 500 is retryable on refresh and a failed sign-in on exchange', async () => {
    expect((await failure(call(fakeEndpoint({ status: 500, body: 'oops' }).fetch))).code).toBe(ErrorCode.ServerError);
    expect((await failure(call(fakeEndpoint(json(503, { error: 'temporarily_unavailable' })).fetch))).code).toBe(
      ErrorCode.ConnectionFailed,
    );
    expect((await failure(call(fakeEndpoint(json(500, {})).fetch, 'exchange'))).code).toBe(ErrorCode.SignInFailed);
  });

  it('garbage and tokens that are not bearer tokens are refused, and no token is quoted', async () => {
    const garbage = await failure(call(fakeEndpoint({ status: 200, body: '{"access_token": ' }).fetch));
    expect(garbage.message).toMatch(/not JSON/);
    const notBearer = await failure(
      call(fakeEndpoint(json(200, { access_token: 'secret-token-value', token_type: 'mac' })).fetch),
    );
    expect(notBearer.message).not.toContain('secret-token-value');
    expect((await failure(call(fakeEndpoint(json(200, { token_type: 'Bearer' })).fetch))).code).toBe(
      ErrorCode.ServerError,
    );
  });

  it('an unreachable server is CONNECTION_FAILED on refresh', async () => {
    expect((await failure(call(fakeEndpoint(new TypeError('fetch failed')).fetch))).code).toBe(
      ErrorCode.ConnectionFailed,
    );
  });

  it('an exchange without a refresh token fails: the account could not stay signed in', async () => {
    const reply = json(200, { access_token: 'a', token_type: 'Bearer', expires_in: 60 });
    const err = await failure(
      requestTokens({
        tokenUrl: 'http://127.0.0.1:9/token',
        purpose: 'exchange',
        fetch: fakeEndpoint(reply).fetch,
        form: {},
      }),
    );
    expect(err.code).toBe(ErrorCode.SignInFailed);
    expect(err.message).toMatch(/no refresh token/);
  });
});

describe('client ids', () => {
  it('come from the environment, an account may name its own, and none is an explained failure', () => {
    expect(
      oauthClient('google', undefined, { MAILGLANCE_GOOGLE_CLIENT_ID: 'g', MAILGLANCE_GOOGLE_CLIENT_SECRET: 's' }),
    ).toEqual({
      clientId: 'g',
      clientSecret: 's',
    });
    expect(oauthClient('microsoft', 'mine', {})).toEqual({ clientId: 'mine', clientSecret: undefined });
    expect(() => oauthClient('microsoft', undefined, {})).toThrow(/no OAuth app for Microsoft.*docs\/oauth\.md/);
  });
});
