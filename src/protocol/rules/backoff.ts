/**
 * The one backoff rule: exponential backoff with equal jitter, so many bridges, accounts or
 * extension instances that lost the same server (or the same bridge) do not retry in lockstep
 * when it comes back. Used by the bridge's account reconnects and POP3 polls, and by the
 * background's native-port reconnects and outbox retries.
 */

export interface BackoffOptions {
  /** Delay before the first retry, in ms. */
  baseMs: number;
  /** Upper bound of any delay, in ms. */
  maxMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

/** An account's reconnects to its mail server (IMAP). */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000 };

/**
 * Delay before retry number `attempt` (0-based): the exponential step `base * 2^attempt`, capped
 * at `maxMs`, then "equal jitter" (half fixed, half random, as named in
 * aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter) so a delay never collapses
 * to ~0 the way "full jitter" can.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const random = opts.random ?? Math.random;
  const step = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(step / 2 + random() * (step / 2));
}
