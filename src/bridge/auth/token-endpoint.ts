/**
 * Calls to the token endpoint (RFC 6749 §4.1.3 code exchange, §6 refresh). Replies are
 * validated; errors name what went wrong without quoting a token. `invalid_grant` on a refresh
 * means the user must sign in again (consent revoked, password changed, token expired).
 */
import * as v from 'valibot';
import { BridgeError, ErrorCode } from '../../protocol';
import type { TokenSet } from './token-set';

export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

const TokenReply = v.object({
  access_token: v.pipe(v.string(), v.minLength(1), v.maxLength(16_384)),
  token_type: v.pipe(v.string(), v.maxLength(40)),
  expires_in: v.optional(v.pipe(v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{1,9}$/), v.transform(Number))]))),
  refresh_token: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(16_384))),
  scope: v.optional(v.pipe(v.string(), v.maxLength(4096))),
});

const ErrorReply = v.object({
  error: v.pipe(v.string(), v.maxLength(100)),
  error_description: v.optional(v.string()),
});

/** Without `expires_in` (RFC 6749 §5.1 makes it optional) assume an hour, as both providers use. */
const DEFAULT_LIFETIME_SEC = 3600;
const TIMEOUT_MS = 30_000;

export interface TokenRequest {
  tokenUrl: string;
  form: Record<string, string | undefined>;
  /** `exchange`: a sign-in (failures are SIGN_IN_FAILED); `refresh`: invalid_grant is SIGN_IN_REQUIRED. */
  purpose: 'exchange' | 'refresh';
  fetch?: FetchLike;
  now?: () => number;
}

/** A token reply as a token set; a refresh reply without a new refresh token keeps the old one. */
export async function requestTokens(r: TokenRequest, previousRefreshToken?: string): Promise<TokenSet> {
  const body = new URLSearchParams();
  for (const [k, val] of Object.entries(r.form)) if (val !== undefined) body.set(k, val);
  const doFetch = r.fetch ?? (globalThis.fetch as unknown as FetchLike);
  const failed = r.purpose === 'exchange' ? ErrorCode.SignInFailed : ErrorCode.ServerError;
  let status: number;
  let text: string;
  try {
    const res = await doFetch(r.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
    throw new BridgeError(
      r.purpose === 'exchange' ? ErrorCode.SignInFailed : ErrorCode.ConnectionFailed,
      `the sign-in server ${why}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BridgeError(failed, `the sign-in server answered ${status} with something that is not JSON`);
  }
  if (status >= 200 && status < 300) {
    const ok = v.safeParse(TokenReply, json);
    if (!ok.success || ok.output.token_type.toLowerCase() !== 'bearer')
      throw new BridgeError(failed, 'the sign-in server answered without a usable bearer token');
    const refreshToken = ok.output.refresh_token ?? previousRefreshToken;
    if (!refreshToken)
      throw new BridgeError(
        failed,
        'the sign-in server gave no refresh token, so the account could not stay signed in',
      );
    const now = (r.now ?? Date.now)();
    const lifetime = Number(ok.output.expires_in ?? DEFAULT_LIFETIME_SEC);
    return {
      kind: 'oauth2',
      refreshToken,
      accessToken: ok.output.access_token,
      issuedAt: now,
      expiresAt: now + Math.max(1, Math.min(lifetime, 7 * 24 * 3600)) * 1000,
      scope: ok.output.scope,
    };
  }
  const err = v.safeParse(ErrorReply, json);
  const code = err.success ? err.output.error : undefined;
  if (code === 'invalid_grant') {
    throw new BridgeError(
      r.purpose === 'refresh' ? ErrorCode.SignInRequired : ErrorCode.SignInFailed,
      r.purpose === 'refresh'
        ? 'the provider no longer accepts this sign-in (access revoked or expired): sign in again'
        : 'the provider refused the sign-in code (invalid_grant)',
    );
  }
  if (status >= 500) {
    throw new BridgeError(
      r.purpose === 'exchange' ? ErrorCode.SignInFailed : ErrorCode.ConnectionFailed,
      `the sign-in server failed (HTTP ${status})`,
    );
  }
  throw new BridgeError(failed, `the sign-in server refused the request (HTTP ${status}${code ? `, ${code}` : ''})`);
}
