/**
 * Reliability, faults of the server and the network: 20 Dovecot restarts (SIGTERM and SIGKILL in
 * turn), a 30 s network cut, 100 actions queued offline. One browser profile with two accounts
 * (two Dovecot users, each behind its own cuttable proxy); the badge is their sum. After each
 * fault: badge exact within 5 s, every new unread message notified once, nothing lost.
 */
import { describe, expect, it } from 'vitest';
import type { MessageAction, MessageRef } from '../../src/protocol/model';
import { finalState, PER_ACCOUNT, type FinalState } from './plan';
import type { RigAccount } from './support/rig';
import { Tallies } from './support/results';
import { canRun, expectClean, pair, useRig } from './support/use-rig';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(canRun())('reliability: server and network faults', () => {
  const { rig, tallies } = useRig('server-faults', ['alice', 'bob'], 120);

  it('20 Dovecot restarts (SIGTERM and SIGKILL in turn) while mail arrives and actions are queued', async () => {
    const t = tallies.tally('Dovecot restarts');
    for (let i = 0; i < 20; i++) {
      const [a, b] = pair(rig(), i);
      await rig().ledger.begin();
      const target = rig().take(b);
      const ref = await rig().refOf(b, target);
      await rig().deliver(a, `before restart ${i}`);
      if (i % 2 === 0) await rig().dovecot.stop();
      else await rig().dovecot.kill();
      await rig().perform(ref, 'markRead'); // queued while the server is away
      await rig().dovecot.start();
      const since = performance.now();
      await rig().deliver(b, `after restart ${i}`); // arrives while the bridge reconnects
      const rec = await rig().waitRecovered(since, 60_000);
      const applied = (await rig().inbox(b)).byMessageId.get(target)?.seen === true;
      Tallies.add(t, rec, await rig().ledger.end(), applied ? 0 : 1, 1);
    }
    expectClean(t);
  });

  it('network cut for 30 s: mail, another client and a queued action meanwhile', async () => {
    const t = tallies.tally('network cut 30 s');
    const [a, b] = rig().accounts;
    await rig().ledger.begin();
    const target = rig().take(a);
    const ref = await rig().refOf(a, target);
    const old = rig().take(a);
    a.proxy.cut();
    const cutAt = Date.now();
    await rig().waitTitle(new RegExp(`${a.user}: \\d+ \\(offline\\)`));
    await rig().perform(ref, 'markRead');
    await rig().deliver(a, 'during cut 1');
    await rig().readElsewhere(a, old);
    await rig().deliver(a, 'during cut 2');
    await rig().deliver(b, 'during cut 3');
    await sleep(Math.max(0, cutAt + 30_000 - Date.now())); // the fault itself lasts 30 s
    a.proxy.restore();
    const since = performance.now();
    const rec = await rig().waitRecovered(since, 180_000);
    const applied = (await rig().inbox(a)).byMessageId.get(target)?.seen === true;
    Tallies.add(t, rec, await rig().ledger.end(), applied ? 0 : 1, 1);
    expectClean(t);
  });

  it('100 actions queued offline across two accounts: all applied once, in order, 0 lost', async () => {
    const t = tallies.tally('100 actions queued offline', 100);
    await rig().ledger.begin();
    const steps: { ref: MessageRef; action: MessageAction }[][] = [];
    const expected: { acc: RigAccount; messageId: string; state: FinalState; actions: number }[] = [];
    for (const acc of rig().accounts) {
      const box = await rig().inbox(acc);
      const list: { ref: MessageRef; action: MessageAction }[] = [];
      for (const actions of PER_ACCOUNT) {
        const messageId = rig().take(acc);
        const uid = box.byMessageId.get(messageId)?.uid;
        if (uid === undefined) throw new Error(`${messageId} missing`);
        const ref = { accountId: acc.id, mailbox: 'INBOX', uidValidity: box.uidValidity, uid: String(uid) };
        for (const action of actions) list.push({ ref, action });
        expected.push({ acc, messageId, state: finalState(actions), actions: actions.length });
      }
      steps.push(list);
    }
    for (const acc of rig().accounts) acc.proxy.cut();
    await rig().waitTitle(/servers unreachable/);
    // Both accounts' actions interleaved; each account's own order (per message) kept.
    let queued = 0;
    for (let k = 0; k < Math.max(...steps.map((s) => s.length)); k++) {
      for (const list of steps) {
        if (!list[k]) continue;
        await rig().perform(list[k].ref, list[k].action);
        queued++;
      }
    }
    expect(queued).toBe(100);
    for (const acc of rig().accounts) acc.proxy.restore();
    const since = performance.now();
    const rec = await rig().waitRecovered(since, 180_000);
    // Every message exactly once on the server, where and how its actions leave it.
    let lost = 0;
    for (const acc of rig().accounts) {
      const folders = {
        INBOX: await rig().folder(acc, 'INBOX'),
        Trash: await rig().folder(acc, 'Trash'),
        Archive: await rig().folder(acc, 'Archive'),
      };
      for (const e of expected.filter((x) => x.acc === acc)) {
        const copies = Object.entries(folders).filter(([, f]) => f.byMessageId.has(e.messageId));
        const [folder, box] = copies[0] ?? [];
        const m = box?.byMessageId.get(e.messageId);
        const ok =
          copies.length === 1 &&
          folder === e.state.folder &&
          m?.seen === e.state.seen &&
          m?.flagged === e.state.flagged;
        if (!ok) {
          lost += e.actions;
          t.problems.push(
            `${acc.user} ${e.messageId}: want ${JSON.stringify(e.state)}, found ${JSON.stringify(copies.map(([f, b]) => [f, b.byMessageId.get(e.messageId)]))}`,
          );
        }
      }
    }
    Tallies.add(t, rec, await rig().ledger.end(), lost, queued);
    expectClean(t);
  });
});
