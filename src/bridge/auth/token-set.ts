/**
 * What an OAuth account keeps in the secret store (keyring or 0600 file), in its one secret slot,
 * as JSON: the refresh token, the current access token, when it expires and the scopes granted.
 * None of it ever crosses native messaging or reaches a log.
 */
import * as v from 'valibot';

const Token = v.pipe(v.string(), v.minLength(1), v.maxLength(16_384));

export const TokenSet = v.object({
  kind: v.literal('oauth2'),
  refreshToken: Token,
  accessToken: Token,
  /** Milliseconds since the epoch. */
  expiresAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** When the access token was issued: the refresh margin is a share of its lifetime. */
  issuedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  scope: v.optional(v.pipe(v.string(), v.maxLength(4096))),
});
export type TokenSet = v.InferOutput<typeof TokenSet>;

export function serializeTokenSet(set: TokenSet): string {
  return JSON.stringify(set);
}

/** The stored token set, or undefined when the slot holds something else (never the secret in an error). */
export function parseTokenSet(secret: string | undefined): TokenSet | undefined {
  if (secret === undefined) return undefined;
  try {
    const parsed = v.safeParse(TokenSet, JSON.parse(secret));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How long before expiry a token is renewed: 60 s, or half its lifetime when that is shorter
 * (a provider or test server handing out 20-second tokens must not make every use a refresh).
 */
export function refreshMarginMs(set: Pick<TokenSet, 'expiresAt' | 'issuedAt'>): number {
  return Math.min(60_000, Math.max(0, set.expiresAt - set.issuedAt) / 2);
}
