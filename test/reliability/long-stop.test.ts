/**
 * Reliability: the bridge SIGSTOPped for 2 minutes (a laptop asleep), then SIGCONT. Mail arrives,
 * another client reads, and the user acts while it sleeps. Own Dovecot, bridge and browser
 * profile, so it runs beside the short faults and its badge counts only its own account.
 */
import { describe, expect, it } from 'vitest';
import { at, LONG_DEADLINE_MS } from './long-faults';
import { Tallies } from './support/results';
import { canRun, useRig } from './support/use-rig';

describe.runIf(canRun())('reliability: the bridge stopped for 2 minutes', () => {
  const { rig, tallies } = useRig('long-stop', ['frank'], 20);

  it('SIGSTOP for 2 minutes, then SIGCONT: badge exact, notified once, the action applied', async () => {
    const t = tallies.tally('bridge SIGSTOP 2 min');
    const [acc] = rig().accounts;
    await rig().ledger.begin();
    const target = rig().take(acc);
    const ref = await rig().refOf(acc, target);
    const old = rig().take(acc);
    const pid = rig().bridgePid();
    if (pid === undefined) throw new Error('no bridge process');
    process.kill(pid, 'SIGSTOP');
    const stoppedAt = Date.now();
    try {
      await at(stoppedAt, 10_000);
      await rig().deliver(acc, 'while asleep 1');
      await at(stoppedAt, 30_000);
      await rig().readElsewhere(acc, old);
      await at(stoppedAt, 60_000);
      await rig().perform(ref, 'markRead');
      await at(stoppedAt, 90_000);
      await rig().deliver(acc, 'while asleep 2');
      await at(stoppedAt, 100_000);
      await rig().deliver(acc, 'while asleep 3');
      await at(stoppedAt, 120_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const since = performance.now();
    const rec = await rig().waitRecovered(since, LONG_DEADLINE_MS);
    const applied = (await rig().inbox(acc)).byMessageId.get(target)?.seen === true;
    Tallies.add(t, rec, await rig().ledger.end(), applied ? 0 : 1, 1);
    expect(t.problems).toEqual([]);
    expect(t.recovered).toBe(1);
  });
});
