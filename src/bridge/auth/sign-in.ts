/**
 * OAuth sign-ins the extension starts (`oauth.start`, `oauth.wait`, `oauth.cancel`): the
 * authorization code flow with PKCE and a loopback redirect (RFC 8252 §7.3), owned by the
 * bridge so tokens never enter the browser. A sign-in ends in exactly one way: the account is
 * added (or its tokens replaced), or it fails with a reason and nothing was stored.
 */
import { randomBytes } from 'node:crypto';
import {
  BridgeError,
  ErrorCode,
  type AccountSettings,
  type AccountView,
  type OAuthProvider,
  type RequestParams,
  type RequestResult,
} from '../../protocol';
import { oauthProvider } from '../../protocol/rules/providers';
import { normalizeSettings } from '../accounts/account-store';
import type { Logger } from '../log';
import { authorizationUrl } from './authorization-url';
import { openLoopbackRedirect, type CallbackPage, type LoopbackRedirect } from './loopback-redirect';
import { oauthClient, oauthEndpoints } from './oauth-clients';
import { codeChallengeS256, makeCodeVerifier, makeState, stateMatches } from './pkce';
import { requestTokens, type FetchLike } from './token-endpoint';
import { serializeTokenSet } from './token-set';

/** What a sign-in needs from the account manager. */
export interface SignInAccounts {
  list(): AccountView[];
  add(settings: AccountSettings, secret: string): AccountView;
  update(id: string, changes: Partial<AccountSettings>, secret: string): Promise<AccountView>;
}

export interface SignInOptions {
  /** A sign-in nobody finishes ends after this long (5 minutes). */
  timeoutMs?: number;
  /** How long a finished sign-in's outcome stays for `oauth.wait` to collect. */
  keepOutcomeMs?: number;
  env?: NodeJS.ProcessEnv;
  fetch?: FetchLike;
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** More sign-ins at once than anyone starts by hand: the oldest is cancelled. */
const MAX_ACTIVE = 4;

type Outcome = { account: AccountView } | { error: BridgeError };

interface SignIn {
  id: string;
  provider: OAuthProvider;
  listener: LoopbackRedirect;
  timer: NodeJS.Timeout;
  outcome?: Outcome;
  done: Promise<void>;
  finish(outcome: Outcome): void;
}

type Target = { accountId: string; clientId?: string } | { settings: AccountSettings };

export class SignIns {
  private readonly active = new Map<string, SignIn>();

  constructor(
    private readonly accounts: SignInAccounts,
    private readonly log: Logger,
    private readonly opts: SignInOptions = {},
  ) {}

  async start(params: RequestParams<'oauth.start'>): Promise<RequestResult<'oauth.start'>> {
    const target = params as Target;
    const { provider, clientId, loginHint, settings } = this.describe(target);
    const client = oauthClient(provider, clientId, this.opts.env);
    const endpoints = oauthEndpoints(provider, this.opts.env);
    const verifier = makeCodeVerifier();
    const state = makeState();
    const id = randomBytes(16).toString('hex');
    // Filled in once the listener is open; the callback cannot run before that.
    const box: { signIn?: SignIn } = {};
    const onCallback = async (query: URLSearchParams): Promise<CallbackPage> => {
      try {
        const error = query.get('error');
        if (error === 'access_denied')
          throw new BridgeError(ErrorCode.SignInFailed, `access was not granted at ${oauthProvider(provider).name}`);
        if (error)
          throw new BridgeError(
            ErrorCode.SignInFailed,
            `${oauthProvider(provider).name} answered "${error.slice(0, 60)}"`,
          );
        if (!stateMatches(state, query.get('state')))
          throw new BridgeError(ErrorCode.SignInFailed, 'the answer did not belong to this sign-in (state mismatch)');
        // RFC 9207 §2.4: a response naming another issuer is refused (mix-up attacks).
        const iss = query.get('iss');
        if (iss !== null && endpoints.issuer !== undefined && iss !== endpoints.issuer)
          throw new BridgeError(ErrorCode.SignInFailed, 'the answer came from another issuer (iss mismatch)');
        const code = query.get('code');
        if (!code) throw new BridgeError(ErrorCode.SignInFailed, 'the answer carried no authorization code');
        const tokens = await requestTokens({
          tokenUrl: endpoints.tokenUrl,
          purpose: 'exchange',
          fetch: this.opts.fetch,
          form: {
            grant_type: 'authorization_code',
            code,
            redirect_uri: box.signIn!.listener.redirectUri,
            client_id: client.clientId,
            client_secret: client.clientSecret,
            code_verifier: verifier,
          },
        });
        if (box.signIn!.outcome)
          throw new BridgeError(ErrorCode.SignInFailed, 'the sign-in ended before the answer arrived');
        const secret = serializeTokenSet(tokens);
        const account =
          'accountId' in target
            ? await this.accounts.update(target.accountId, clientId ? { oauthClientId: clientId } : {}, secret)
            : this.accounts.add(settings!, secret);
        box.signIn!.finish({ account });
        return { ok: true, message: `${account.label} is signed in. You can close this tab.` };
      } catch (err) {
        const be = err instanceof BridgeError ? err : new BridgeError(ErrorCode.SignInFailed, 'the sign-in failed');
        box.signIn!.finish({ error: be });
        return { ok: false, message: `${be.message}. You can close this tab and try again in Mailglance.` };
      }
    };
    const listener = await openLoopbackRedirect(onCallback, this.opts.port ?? 0);
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signIn: SignIn = {
      id,
      provider,
      listener,
      done,
      timer: setTimeout(
        () =>
          box.signIn!.finish({
            error: new BridgeError(
              ErrorCode.SignInFailed,
              `nobody finished the sign-in within ${Math.round(timeoutMs / 60_000) || 1} minutes`,
            ),
          }),
        timeoutMs,
      ),
      finish: (outcome) => {
        const s = box.signIn!;
        if (s.outcome) return;
        s.outcome = outcome;
        clearTimeout(s.timer);
        // A failed callback's page is still being written: it closes the listener itself.
        if ('error' in outcome) setTimeout(() => s.listener.close(), 1000).unref();
        this.log.info('oauth sign-in ended', {
          provider,
          ok: 'account' in outcome,
          reason: 'error' in outcome ? outcome.error.message : undefined,
        });
        setTimeout(
          () => this.active.get(id) === s && this.active.delete(id),
          this.opts.keepOutcomeMs ?? 60_000,
        ).unref();
        resolveDone();
      },
    };
    box.signIn = signIn;
    signIn.timer.unref();
    this.active.set(id, signIn);
    const running = [...this.active.values()].filter((s) => !s.outcome);
    if (running.length > MAX_ACTIVE) this.cancel(running[0].id);
    this.log.info('oauth sign-in started', { provider, port: listener.port });
    return {
      signInId: id,
      provider,
      authorizationUrl: authorizationUrl({
        endpoints,
        clientId: client.clientId,
        redirectUri: listener.redirectUri,
        state,
        codeChallenge: codeChallengeS256(verifier),
        loginHint,
      }),
      expiresInSec: Math.max(1, Math.round(timeoutMs / 1000)),
    };
  }

  async wait(params: RequestParams<'oauth.wait'>): Promise<RequestResult<'oauth.wait'>> {
    const s = this.active.get(params.signInId);
    if (!s) throw new BridgeError(ErrorCode.SignInFailed, 'no such sign-in: it ended long ago or the bridge restarted');
    if (!s.outcome && params.waitMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([s.done, new Promise<void>((r) => (timer = setTimeout(r, params.waitMs)))]);
      clearTimeout(timer);
    }
    if (!s.outcome) return { status: 'pending' };
    if ('error' in s.outcome) throw s.outcome.error;
    return { status: 'done', account: s.outcome.account };
  }

  cancel(signInId: string): void {
    const s = this.active.get(signInId);
    if (!s) return;
    s.finish({ error: new BridgeError(ErrorCode.SignInFailed, 'the sign-in was cancelled') });
    s.listener.close();
  }

  /** Closes every listener (the bridge is stopping). */
  stopAll(): void {
    for (const id of [...this.active.keys()]) this.cancel(id);
  }

  private describe(target: Target) {
    if ('settings' in target) {
      const settings = target.settings;
      if (settings.auth !== 'oauth2' || !settings.oauthProvider)
        throw new BridgeError(ErrorCode.BadRequest, 'a sign-in needs settings with auth "oauth2" and an oauthProvider');
      normalizeSettings('draft', settings); // a bad host or pin fails now, not after the user consented
      return {
        provider: settings.oauthProvider,
        clientId: settings.oauthClientId,
        loginHint: settings.user.includes('@') ? settings.user : undefined,
        settings,
      };
    }
    const account = this.accounts.list().find((a) => a.id === target.accountId);
    if (!account) throw new BridgeError(ErrorCode.AccountNotFound, `no account "${target.accountId}"`);
    if (account.auth !== 'oauth2' || !account.oauthProvider)
      throw new BridgeError(ErrorCode.BadRequest, 'this account signs in with a password, not OAuth');
    return {
      provider: account.oauthProvider,
      clientId: target.clientId ?? account.oauthClientId,
      loginHint: account.user.includes('@') ? account.user : undefined,
      settings: undefined,
    };
  }
}
