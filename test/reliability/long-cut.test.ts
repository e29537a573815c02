/**
 * Reliability: the network to the mail server cut for 10 minutes (every connection dropped, new
 * ones refused), then back. Mail arrives, another client reads, and the user acts meanwhile. Own
 * Dovecot, bridge and browser profile, so it runs beside the short faults and its badge counts
 * only its own account.
 */
import { describe, expect, it } from 'vitest';
import { at, LONG_DEADLINE_MS } from './long-faults';
import { Tallies } from './support/results';
import { canRun, useRig } from './support/use-rig';

describe.runIf(canRun())('reliability: a 10-minute network cut', () => {
  const { rig, tallies } = useRig('long-cut', ['erin'], 20);

  it('network cut for 10 minutes: badge exact, notified once, the action applied', async () => {
    const t = tallies.tally('network cut 10 min');
    const [acc] = rig().accounts;
    await rig().ledger.begin();
    const target = rig().take(acc);
    const ref = await rig().refOf(acc, target);
    const old = rig().take(acc);
    acc.proxy.cut();
    const cutAt = Date.now();
    try {
      await rig().waitTitle(/servers unreachable/);
      await at(cutAt, 60_000);
      await rig().deliver(acc, 'during the cut 1');
      await at(cutAt, 120_000);
      await rig().readElsewhere(acc, old);
      await at(cutAt, 300_000);
      await rig().perform(ref, 'markRead');
      await at(cutAt, 420_000);
      await rig().deliver(acc, 'during the cut 2');
      await at(cutAt, 540_000);
      await rig().deliver(acc, 'during the cut 3');
      await at(cutAt, 600_000);
    } finally {
      acc.proxy.restore();
    }
    const since = performance.now();
    const rec = await rig().waitRecovered(since, LONG_DEADLINE_MS);
    const applied = (await rig().inbox(acc)).byMessageId.get(target)?.seen === true;
    Tallies.add(t, rec, await rig().ledger.end(), applied ? 0 : 1, 1);
    expect(t.problems).toEqual([]);
    expect(t.recovered).toBe(1);
  });
});
