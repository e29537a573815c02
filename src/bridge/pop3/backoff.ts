/**
 * When to poll next: the account's interval after a good poll (floor 30 s), exponential backoff
 * with jitter after failures so many bridges do not retry a struggling server in step.
 */
import { MIN_POLL_SECONDS, DEFAULT_POLL_SECONDS } from '../../protocol/rules/account-defaults';
import { backoffDelay } from '../../protocol/rules/backoff';

const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60_000;

/** The poll interval in ms for a configured value (default 120 s, never under 30 s). */
export function pollIntervalMs(configured: number | undefined): number {
  return Math.max(MIN_POLL_SECONDS, configured ?? DEFAULT_POLL_SECONDS.pop3) * 1000;
}

/** Delay before retry number `failures` (1 = first failure), with the bridge's shared jitter rule. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  return backoffDelay(failures - 1, { baseMs: BACKOFF_BASE_MS, maxMs: BACKOFF_MAX_MS, random });
}
