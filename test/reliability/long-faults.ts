/** Shared by the long-fault files: one account per rig, its own profile, so its badge is its own. */
import type { Rig, RigAccount } from './support/rig';
import { RECOVERY_LIMIT_MS, Tallies, type FaultTally } from './support/results';

/** Sleeps until `ms` after `start` (Date.now() based): the schedule of events during a long fault. */
export async function at(start: number, ms: number): Promise<void> {
  const wait = start + ms - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/** How long a long fault may take to recover before the run gives up measuring. */
export const LONG_DEADLINE_MS = 240_000;

export { RECOVERY_LIMIT_MS, type FaultTally };

/** One long fault and what happens during it. */
export interface LongFault {
  /** Starts the fault on `acc`; returns the function that ends it. */
  start(acc: RigAccount): () => void;
  /** Runs right after the start, before the schedule (e.g. wait until the outage shows). */
  settle?(): Promise<void>;
  /** Subject prefix of the mail delivered during the fault ("during the cut 1", ...). */
  subject: string;
  /**
   * Milliseconds after the start of: the first delivery, another client's read, the user's
   * action, the second and third deliveries, and the end of the fault.
   */
  times: readonly [number, number, number, number, number, number];
}

/**
 * Runs `fault` on the rig's only account: mail arrives, another client reads, the user marks one
 * read, then the fault ends; the tally records the recovery, the notifications and whether the
 * action reached the server.
 */
export async function runLongFault(rig: Rig, t: FaultTally, fault: LongFault): Promise<void> {
  const [acc] = rig.accounts;
  await rig.ledger.begin();
  const target = rig.take(acc);
  const ref = await rig.refOf(acc, target);
  const old = rig.take(acc);
  const end = fault.start(acc);
  const startedAt = Date.now();
  const [first, read, act, second, third, over] = fault.times;
  try {
    await fault.settle?.();
    await at(startedAt, first);
    await rig.deliver(acc, `${fault.subject} 1`);
    await at(startedAt, read);
    await rig.readElsewhere(acc, old);
    await at(startedAt, act);
    await rig.perform(ref, 'markRead');
    await at(startedAt, second);
    await rig.deliver(acc, `${fault.subject} 2`);
    await at(startedAt, third);
    await rig.deliver(acc, `${fault.subject} 3`);
    await at(startedAt, over);
  } finally {
    end();
  }
  const since = performance.now();
  const rec = await rig.waitRecovered(since, LONG_DEADLINE_MS);
  const applied = (await rig.inbox(acc)).byMessageId.get(target)?.seen === true;
  Tallies.add(t, rec, await rig.ledger.end(), applied ? 0 : 1, 1);
}
