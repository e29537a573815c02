/**
 * Bridge start with a 10-account config: process spawn → `hello` answered, and → the first
 * `mailbox.snapshot` (and the last of the 10 INBOX snapshots), beside Node's own start
 * (node-start.ts) measured in turn with each spawn. `hello` is written at spawn, as a browser
 * does when it opens the port.
 */
import { startDovecot } from '../test/harness/dovecot';
import { bridgeSession, isMailboxEvent } from './bridge-session';
import { addImapAccount, seedMessages } from './common';
import { nodeStart } from './node-start';
import { median, round } from './stats';

/** Medians over the rounds (ms from spawn), and every sample. */
export interface BridgeStartResult {
  accounts: number;
  rounds: number;
  helloMs: number;
  firstSnapshotMs: number;
  allInboxSnapshotsMs: number;
  nodeStartMs: number;
  /** hello − node start (median of per-round differences). */
  helloOverNodeMs: number;
  samples: { helloMs: number[]; firstSnapshotMs: number[]; allInboxSnapshotsMs: number[]; nodeStartMs: number[] };
}

/** `rounds` starts of one bridge config with `accounts` IMAP accounts on a local Dovecot. */
export async function bridgeStart(accounts = 10, rounds = 5): Promise<BridgeStartResult> {
  const users = Array.from({ length: accounts }, (_, i) => ({ user: `start${i}`, password: `pw${i}` }));
  const dovecot = await startDovecot({ users });
  const session = bridgeSession();
  const samples = {
    helloMs: [] as number[],
    firstSnapshotMs: [] as number[],
    allInboxSnapshotsMs: [] as number[],
    nodeStartMs: [] as number[],
  };
  try {
    for (const u of users) {
      dovecot.seed(u.user, 'INBOX', seedMessages(20, 4, u.user));
      addImapAccount(session, dovecot.ports.imap, u.user, u.password);
    }
    for (let i = 0; i < rounds; i++) {
      samples.nodeStartMs.push(await nodeStart());
      const t0 = performance.now();
      const bridge = session.spawn();
      await bridge.hello();
      samples.helloMs.push(round(performance.now() - t0));
      const inbox = isMailboxEvent('mailbox.snapshot', 'INBOX');
      await bridge.waitFor(inbox, 30_000);
      samples.firstSnapshotMs.push(round(performance.now() - t0));
      const deadline = performance.now() + 30_000;
      while (bridge.frames.filter((f) => inbox(f as Record<string, unknown>)).length < accounts) {
        if (performance.now() > deadline) throw new Error('not every account sent its INBOX snapshot');
        await bridge.waitFor(() => false, 50).catch(() => {});
      }
      samples.allInboxSnapshotsMs.push(round(performance.now() - t0));
      await bridge.stop();
    }
    const diffs = samples.helloMs.map((ms, i) => ms - samples.nodeStartMs[i]);
    return {
      accounts,
      rounds,
      helloMs: median(samples.helloMs),
      firstSnapshotMs: median(samples.firstSnapshotMs),
      allInboxSnapshotsMs: median(samples.allInboxSnapshotsMs),
      nodeStartMs: median(samples.nodeStartMs),
      helloOverNodeMs: round(median(diffs)),
      samples,
    };
  } finally {
    await session.cleanup();
    await dovecot.destroy();
  }
}
