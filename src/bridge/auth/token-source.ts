/**
 * Access tokens for OAuth accounts, from the token set in the secret store. A token with less
 * than its refresh margin left (token-set.ts) is refreshed under a per-account lock, so the
 * connections of one account never refresh twice at once; a rotated refresh token (Microsoft
 * rotates on every use) is saved before the new access token is handed out. The store is read
 * afresh each time, so a refresh by the other browser's bridge is picked up.
 */
import { join } from 'node:path';
import { BridgeError, ErrorCode, type OAuthProvider } from '../../protocol';
import type { Logger } from '../log';
import { withFileLock } from '../pop3/file-lock';
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
  /**
   * The bridge's state folder: a refresh then holds `<stateRoot>/<account id>/oauth-refresh.lock`,
   * so Chrome's and Firefox's bridges never spend the same refresh token twice.
   */
  stateRoot?: string;
}

/** A refresh takes at most the token endpoint's 30 s timeout; a lock older than this was abandoned. */
const REFRESH_LOCK = { staleMs: 40_000, timeoutMs: 45_000 };

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

  private async fresh(account: OAuthAccount, retried = false): Promise<TokenSet> {
    const stored = parseTokenSet(this.secrets.get(account.id));
    if (!stored)
      throw new BridgeError(ErrorCode.SignInRequired, 'no sign-in is stored for this account: sign in again');
    if (stored.expiresAt - this.now() > refreshMarginMs(stored)) return stored;
    try {
      return await this.refreshShared(account);
    } catch (err) {
      // The other browser's bridge shares the store and may have used (and rotated away) this
      // refresh token a moment ago: then the store holds a newer one, and that is the answer.
      const latest = parseTokenSet(this.secrets.get(account.id));
      const rotatedElsewhere = latest !== undefined && latest.refreshToken !== stored.refreshToken;
      if (err instanceof BridgeError && err.code === ErrorCode.SignInRequired && rotatedElsewhere && !retried) {
        this.log.info('refresh token rotated by another process; using the stored one', { accountId: account.id });
        return this.fresh(account, true);
      }
      throw err;
    }
  }

  /** Refreshes under the cross-process lock, unless another process did it while we waited. */
  private refreshShared(account: OAuthAccount): Promise<TokenSet> {
    const run = async () => {
      const stored = parseTokenSet(this.secrets.get(account.id));
      if (!stored)
        throw new BridgeError(ErrorCode.SignInRequired, 'no sign-in is stored for this account: sign in again');
      if (stored.expiresAt - this.now() > refreshMarginMs(stored)) return stored;
      return this.refresh(account, stored);
    };
    const root = this.opts.stateRoot;
    return root ? withFileLock(join(root, account.id, 'oauth-refresh.lock'), run, REFRESH_LOCK) : run();
  }

  private async refresh(account: OAuthAccount, stored: TokenSet): Promise<TokenSet> {
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
