/**
 * Reliability, faults of our own processes: 20 SIGKILLs of the bridge, the service worker stopped
 * mid-sync and mid-action. One browser profile with two accounts (two Dovecot users); the badge is
 * their sum. After each fault: badge exact within 5 s, every new unread message notified once,
 * every queued action applied.
 */
import { describe, it } from 'vitest';
import { Tallies } from './support/results';
import { expectClean, canRun, pair, useRig } from './support/use-rig';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(canRun())('reliability: bridge and service-worker faults', () => {
  const { rig, tallies } = useRig('process-faults', ['carol', 'dan'], 60);

  it('20 SIGKILLs of the bridge while mail arrives and another client reads', async () => {
    const t = tallies.tally('bridge SIGKILLs');
    for (let i = 0; i < 20; i++) {
      const [a, b] = pair(rig(), i);
      await rig().ledger.begin();
      const pid = rig().bridgePid();
      if (pid === undefined) throw new Error('no bridge process');
      const old = rig().take(b);
      process.kill(pid, 'SIGKILL');
      const since = performance.now();
      await rig().deliver(a, `bridge killed ${i} a`);
      await rig().readElsewhere(b, old);
      await rig().deliver(b, `bridge killed ${i} b`);
      const rec = await rig().waitRecovered(since, 60_000, () => {
        const now = rig().bridgePid();
        return now !== undefined && now !== pid;
      });
      Tallies.add(t, rec, await rig().ledger.end());
    }
    expectClean(t);
  });

  it('service worker stopped mid-sync and mid-action (5 times each)', async () => {
    const tSync = tallies.tally('worker stopped mid-sync');
    const tAct = tallies.tally('worker stopped mid-action');
    const page = await rig().extensionPage();
    const cdp = await rig().context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const stopWorker = async () => {
      await rig().ledger.collect();
      await cdp.send('ServiceWorker.stopAllWorkers');
    };
    for (let i = 0; i < 5; i++) {
      const [a, b] = pair(rig(), i);
      // Mid-sync: pushes of two new messages and a full resync on their way when the worker stops.
      await rig().ledger.begin();
      await rig().deliver(a, `mid-sync ${i} a`);
      await rig().deliver(b, `mid-sync ${i} b`);
      void rig()
        .send('resync', {})
        .catch(() => undefined);
      await sleep(300 + 150 * i); // spread the stop over the sync's stages
      await stopWorker();
      let since = performance.now();
      await rig().send('getStatus', {}); // an open popup wakes the worker, as a click would
      Tallies.add(tSync, await rig().waitRecovered(since, 60_000), await rig().ledger.end());

      // Mid-action: three actions stored and on their way when the worker stops; mail arrives
      // while no worker runs.
      await rig().ledger.begin();
      const targets = [rig().take(a), rig().take(b), rig().take(a)];
      const refs = [
        await rig().refOf(a, targets[0]),
        await rig().refOf(b, targets[1]),
        await rig().refOf(a, targets[2]),
      ];
      await rig().perform(refs[0], 'markRead');
      await rig().perform(refs[1], 'archive');
      await rig().perform(refs[2], 'flag');
      await stopWorker();
      since = performance.now();
      await rig().deliver(b, `mid-action ${i}`);
      await rig().send('getStatus', {});
      const rec = await rig().waitRecovered(since, 60_000);
      const boxA = await rig().inbox(a);
      const archived = (await rig().folder(b, 'Archive')).byMessageId.has(targets[1]);
      const results = [
        boxA.byMessageId.get(targets[0])?.seen === true,
        archived && !(await rig().inbox(b)).byMessageId.has(targets[1]),
        boxA.byMessageId.get(targets[2])?.flagged === true,
      ];
      Tallies.add(tAct, rec, await rig().ledger.end(), results.filter((r) => !r).length, 3);
    }
    expectClean(tSync);
    expectClean(tAct);
  });
});
