/**
 * A real OAuth 2.0 server on loopback for tests: npm `oauth2-mock-server` (its /authorize
 * redirects at once with a code, /token checks PKCE), wrapped to behave like a mail provider's:
 *
 * - tokens belong to the address given as `login_hint` (what a user would sign in as);
 * - access tokens live `accessTtlSec` (short lifetimes exercise refresh), refresh tokens rotate
 *   on every use like Microsoft's, and a revoked or unknown refresh token gets `invalid_grant`;
 * - `/introspect` (RFC 7662) answers `{active, email, ...}` from that record, which is what
 *   Dovecot's oauth2 passdb checks (`introspection_mode = post`, see dovecot-config.ts);
 * - faults on demand: the token endpoint answering 500 or garbage, consent denied, a wrong state.
 *
 * ```ts
 * const oauth = await startOAuthServer({ accessTtlSec: 5 });
 * oauth.url // http://127.0.0.1:<port>, for MAILGLANCE_OAUTH_TEST_SERVER and Dovecot
 * await oauth.stop();
 * ```
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';

export interface OAuthServerOptions {
  /** Access token lifetime, seconds (default 3600). */
  accessTtlSec?: number;
}

export type TokenFault = 'none' | 'status500' | 'garbage';
export type AuthorizeFault = 'none' | 'access_denied' | 'wrong_state' | 'wrong_iss';

export interface OAuthServer {
  /** Issuer base URL, `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** `<url>/introspect`, for Dovecot's `introspection_url`. */
  introspectionUrl: string;
  accessTtlSec: number;
  /** Token requests seen, by grant type (`authorization_code`, `refresh_token`). */
  tokenRequests: Record<string, number>;
  /** Authorization requests seen, with the query parameters they carried. */
  authorizeRequests: URLSearchParams[];
  /** Every access and refresh token handed out so far (to search storage and logs for them). */
  issuedTokens(): string[];
  /** Introspection calls and how they were answered. */
  introspections: { active: boolean }[];
  /** Refuses every refresh token of `user` from now on (consent revoked). */
  revoke(user: string): void;
  setTokenFault(fault: TokenFault): void;
  setAuthorizeFault(fault: AuthorizeFault): void;
  stop(): Promise<void>;
}

interface Grant {
  user: string;
  revoked: boolean;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

export async function startOAuthServer(opts: OAuthServerOptions = {}): Promise<OAuthServer> {
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate('RS256');
  const service = new OAuth2Service(issuer);
  const accessTtlSec = opts.accessTtlSec ?? 3600;
  const codeUser = new Map<string, string>();
  const refresh = new Map<string, Grant>();
  const access = new Map<string, { user: string; expiresAt: number; grant: Grant }>();
  const tokenRequests: Record<string, number> = {};
  const authorizeRequests: URLSearchParams[] = [];
  const introspections: { active: boolean }[] = [];
  const everyToken = new Set<string>();
  let tokenFault: TokenFault = 'none';
  let authorizeFault: AuthorizeFault = 'none';

  service.on(
    'beforeAuthorizeRedirect',
    (redirect: { url: URL }, req: IncomingMessage & { query: Record<string, unknown> }) => {
      const query = new URLSearchParams(req.url?.split('?')[1] ?? '');
      authorizeRequests.push(query);
      const code = redirect.url.searchParams.get('code');
      if (code) codeUser.set(code, query.get('login_hint') ?? 'unknown');
      if (authorizeFault === 'access_denied') {
        redirect.url.searchParams.delete('code');
        redirect.url.searchParams.set('error', 'access_denied');
      } else if (authorizeFault === 'wrong_state') {
        redirect.url.searchParams.set('state', 'not-the-state-that-was-sent');
      } else if (authorizeFault === 'wrong_iss') {
        redirect.url.searchParams.set('iss', 'https://evil.example');
      }
    },
  );

  service.on(
    'beforeResponse',
    (
      response: { body: Record<string, unknown>; statusCode: number },
      req: IncomingMessage & { body: Record<string, string> },
    ) => {
      const grantType = req.body.grant_type;
      tokenRequests[grantType] = (tokenRequests[grantType] ?? 0) + 1;
      let grant: Grant | undefined;
      if (grantType === 'authorization_code') {
        const user = codeUser.get(req.body.code);
        codeUser.delete(req.body.code);
        if (user) grant = { user, revoked: false };
      } else if (grantType === 'refresh_token') {
        grant = refresh.get(req.body.refresh_token);
        // Rotation: a used refresh token is spent.
        refresh.delete(req.body.refresh_token);
      }
      if (!grant || grant.revoked) {
        response.statusCode = 400;
        response.body = { error: 'invalid_grant', error_description: 'unknown, used or revoked grant' };
        return;
      }
      const refreshToken = String(response.body.refresh_token);
      refresh.set(refreshToken, grant);
      everyToken.add(refreshToken);
      everyToken.add(String(response.body.access_token));
      response.body.expires_in = accessTtlSec;
      access.set(String(response.body.access_token), {
        user: grant.user,
        expiresAt: Date.now() + accessTtlSec * 1000,
        grant,
      });
    },
  );

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/introspect') {
      void readBody(req).then((body) => {
        const token = new URLSearchParams(body).get('token') ?? '';
        const record = access.get(token);
        const active = !!record && !record.grant.revoked && record.expiresAt > Date.now();
        introspections.push({ active });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            active
              ? { active: true, email: record!.user, exp: Math.floor(record!.expiresAt / 1000), scope: 'mail' }
              : { active: false },
          ),
        );
      });
      return;
    }
    if (req.method === 'POST' && path === '/token' && tokenFault !== 'none') {
      if (tokenFault === 'status500') res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token": ');
      return;
    }
    (service.requestHandler as (rq: IncomingMessage, rs: typeof res) => void)(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  issuer.url = url;

  return {
    url,
    port,
    introspectionUrl: `${url}/introspect`,
    accessTtlSec,
    tokenRequests,
    authorizeRequests,
    introspections,
    issuedTokens: () => [...everyToken],
    revoke(user) {
      for (const g of [...refresh.values(), ...[...access.values()].map((a) => a.grant)])
        if (g.user === user) g.revoked = true;
    },
    setTokenFault: (f) => (tokenFault = f),
    setAuthorizeFault: (f) => (authorizeFault = f),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
