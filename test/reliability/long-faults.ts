/** Shared by the long-fault files: one account per rig, its own profile, so its badge is its own. */
import { RECOVERY_LIMIT_MS, type FaultTally } from './support/results';

/** Sleeps until `ms` after `start` (Date.now() based): the schedule of events during a long fault. */
export async function at(start: number, ms: number): Promise<void> {
  const wait = start + ms - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/** How long a long fault may take to recover before the run gives up measuring. */
export const LONG_DEADLINE_MS = 240_000;

export { RECOVERY_LIMIT_MS, type FaultTally };
