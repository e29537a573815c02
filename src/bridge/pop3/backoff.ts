/**
 * When to poll next: the account's interval after a good poll (floor 30 s), exponential backoff
 * with jitter after failures so many bridges do not retry a struggling server in step.
 */
import { MAX_POLL_SEC } from '../../protocol/limits';
import { MIN_POLL_SECONDS, DEFAULT_POLL_SECONDS } from '../../protocol/rules/account-defaults';
import { backoffDelay } from '../../protocol/rules/backoff';

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60_000;

/**
 * The poll interval in ms for a configured value (default 120 s, 30 s to 24 h): the protocol
 * schema bounds it too, but a timer above 2^31-1 ms fires at once, so the clamp stays here.
 */
export function pollIntervalMs(configured: number | undefined): number {
  const sec = Number.isFinite(configured) ? (configured as number) : DEFAULT_POLL_SECONDS.pop3;
  return Math.min(MAX_POLL_SEC, Math.max(MIN_POLL_SECONDS, sec)) * 1000;
}

/** Delay before retry number `failures` (1 = first failure), with the bridge's shared jitter rule. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  return backoffDelay(failures - 1, { baseMs: BACKOFF_BASE_MS, maxMs: BACKOFF_MAX_MS, random });
}
