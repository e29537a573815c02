/**
 * Reliability: the network to the mail server cut for 10 minutes (every connection dropped, new
 * ones refused), then back. Mail arrives, another client reads, and the user acts meanwhile. Own
 * Dovecot, bridge and browser profile, so it runs beside the short faults and its badge counts
 * only its own account.
 */
import { describe, expect, it } from 'vitest';
import { runLongFault } from './long-faults';
import { canRun, useRig } from './support/use-rig';

describe.runIf(canRun())('reliability: a 10-minute network cut', () => {
  const { rig, tallies } = useRig('long-cut', ['erin'], 20);

  it('network cut for 10 minutes: badge exact, notified once, the action applied', async () => {
    const t = tallies.tally('network cut 10 min');
    await runLongFault(rig(), t, {
      start: (acc) => {
        acc.proxy.cut();
        return () => acc.proxy.restore();
      },
      settle: () => rig().waitTitle(/servers unreachable/),
      subject: 'during the cut',
      times: [60_000, 120_000, 300_000, 420_000, 540_000, 600_000],
    });
    expect(t.problems).toEqual([]);
    expect(t.recovered).toBe(1);
  });
});
