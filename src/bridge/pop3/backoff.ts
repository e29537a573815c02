/**
 * When to poll next: the account's interval after a good poll (floor 30 s), exponential backoff
 * with jitter after failures so many bridges do not retry a struggling server in step.
 */

/** Seconds between polls when none is configured (issue 4: 2 minutes). */
export const DEFAULT_POLL_SEC = 120;
export const MIN_POLL_SEC = 30;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60_000;

/** The poll interval in ms for a configured value (default 120 s, never under 30 s). */
export function pollIntervalMs(configured: number | undefined): number {
  return Math.max(MIN_POLL_SEC, configured ?? DEFAULT_POLL_SEC) * 1000;
}

/**
 * Delay before retry number `failures` (1 = first failure): base·2^(n-1), capped, then picked
 * uniformly from its upper half ("equal jitter").
 */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
