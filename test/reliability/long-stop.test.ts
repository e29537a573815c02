/**
 * Reliability: the bridge SIGSTOPped for 2 minutes (a laptop asleep), then SIGCONT. Mail arrives,
 * another client reads, and the user acts while it sleeps. Own Dovecot, bridge and browser
 * profile, so it runs beside the short faults and its badge counts only its own account.
 */
import { describe, expect, it } from 'vitest';
import { runLongFault } from './long-faults';
import { canRun, useRig } from './support/use-rig';

describe.runIf(canRun())('reliability: the bridge stopped for 2 minutes', () => {
  const { rig, tallies } = useRig('long-stop', ['frank'], 20);

  it('SIGSTOP for 2 minutes, then SIGCONT: badge exact, notified once, the action applied', async () => {
    const t = tallies.tally('bridge SIGSTOP 2 min');
    const pid = rig().bridgePid();
    if (pid === undefined) throw new Error('no bridge process');
    await runLongFault(rig(), t, {
      start: () => {
        process.kill(pid, 'SIGSTOP');
        return () => process.kill(pid, 'SIGCONT');
      },
      subject: 'while asleep',
      times: [10_000, 30_000, 60_000, 90_000, 100_000, 120_000],
    });
    expect(t.problems).toEqual([]);
    expect(t.recovered).toBe(1);
  });
});
