/**
 * Access tokens for OAuth accounts, from the token set in the secret store. A token with less
 * than its refresh margin left (token-set.ts) is refreshed under a per-account lock, so the
 * connections of one account never refresh twice at once; a rotated refresh token (Microsoft
 * rotates on every use) is saved before the new access token is handed out. The store is read
 * afresh each time, so a refresh by the other browser's bridge is picked up.
 */
import { BridgeError, ErrorCode, type OAuthProvider } from '../../protocol';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import { oauthClient, oauthEndpoints } from './oauth-clients';
import { requestTokens, type FetchLike } from './token-endpoint';
import { parseTokenSet, refreshMarginMs, serializeTokenSet, type TokenSet } from './token-set';

/** What a connection needs to log in with a token (see src/bridge/accounts/driver.ts `Credential`). */
export interface AccessTokenSource {
  readonly kind: 'oauth2';
  /** A token with more than its refresh margin left; refreshes first when needed. */
  accessToken(): Promise<string>;
  /** When the token last handed out should be replaced (ms since the epoch); undefined before the first. */
  renewAt(): number | undefined;
}

export interface OAuthAccount {
  id: string;
  oauthProvider?: OAuthProvider;
  oauthClientId?: string;
}

export interface TokenSourceOptions {
  fetch?: FetchLike;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
}

export class OAuthTokens {
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Refreshes done by this process, per account (tests and the log read it). */
  readonly refreshes = new Map<string, number>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Logger,
    private readonly opts: TokenSourceOptions = {},
  ) {}

  sourceFor(account: OAuthAccount): AccessTokenSource {
    let last: TokenSet | undefined;
    return {
      kind: 'oauth2',
      accessToken: () =>
        this.locked(account.id, async () => {
          last = await this.fresh(account);
          return last.accessToken;
        }),
      renewAt: () => (last ? last.expiresAt - refreshMarginMs(last) : undefined),
    };
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private async fresh(account: OAuthAccount): Promise<TokenSet> {
    const stored = parseTokenSet(this.secrets.get(account.id));
    if (!stored)
      throw new BridgeError(ErrorCode.SignInRequired, 'no sign-in is stored for this account: sign in again');
    if (stored.expiresAt - this.now() > refreshMarginMs(stored)) return stored;
    const provider = account.oauthProvider;
    if (!provider)
      throw new BridgeError(ErrorCode.SignInRequired, 'the account names no OAuth provider: sign in again');
    const client = oauthClient(provider, account.oauthClientId, this.opts.env);
    const endpoints = oauthEndpoints(provider, this.opts.env);
    const next = await requestTokens(
      {
        tokenUrl: endpoints.tokenUrl,
        purpose: 'refresh',
        fetch: this.opts.fetch,
        now: this.opts.now,
        form: {
          grant_type: 'refresh_token',
          refresh_token: stored.refreshToken,
          client_id: client.clientId,
          client_secret: client.clientSecret,
        },
      },
      stored.refreshToken,
    );
    // Saved at once: a rotated refresh token lost here would be the account's last one.
    this.secrets.set(account.id, serializeTokenSet({ ...next, scope: next.scope ?? stored.scope }));
    this.refreshes.set(account.id, (this.refreshes.get(account.id) ?? 0) + 1);
    this.log.info('access token refreshed', {
      accountId: account.id,
      rotated: next.refreshToken !== stored.refreshToken,
      lifetimeSec: Math.round((next.expiresAt - next.issuedAt) / 1000),
    });
    return next;
  }

  private locked<T>(id: string, task: () => Promise<T>): Promise<T> {
    const before = this.locks.get(id) ?? Promise.resolve();
    const run = before.then(task, task);
    const tail = run.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }
}
