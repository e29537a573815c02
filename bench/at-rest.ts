/**
 * Benchmark 5: the bridge at rest with 10 accounts × 3 watched folders for 60 s: RSS, CPU % and
 * IMAP connections per account. Accounts connect straight to Dovecot (no proxy), so every
 * ESTABLISHED socket whose remote port is Dovecot's IMAP port belongs to the bridge.
 */
import { startDovecot } from '../test/harness/dovecot';
import { bridgeSession, isMailboxEvent } from './bridge-session';
import { addImapAccount, clockTicks, cpuTicks, establishedTo, rssKiB, seedMessages, sleep } from './common';
import { median, round } from './stats';

/** Resource use of an idle bridge. */
export interface AtRestResult {
  accounts: number;
  foldersPerAccount: number;
  seconds: number;
  rssMiB: { median: number; max: number };
  /** utime + stime over wall time; resolution is one clock tick (10 ms) over the window. */
  cpuPercent: number;
  connections: number;
  connectionsPerAccount: number;
}

const FOLDERS = ['INBOX', 'Work', 'Lists'];

/** Starts 10 users × 3 folders, waits until every folder synced, then samples for `seconds`. */
export async function atRest(accounts = 10, seconds = 60): Promise<AtRestResult> {
  const users = Array.from({ length: accounts }, (_, i) => ({ user: `user${i}`, password: `pw${i}` }));
  const dovecot = await startDovecot({ users });
  const session = bridgeSession();
  try {
    for (const u of users) {
      for (const folder of FOLDERS) dovecot.seed(u.user, folder, seedMessages(20, 4, `${u.user} ${folder}`));
      addImapAccount(session, dovecot.ports.imap, u.user, u.password, FOLDERS);
    }
    const bridge = session.spawn();
    await bridge.hello();
    // Every watched folder synced once: then the bridge is at rest.
    for (const folder of FOLDERS) {
      const done = () =>
        new Set(
          bridge.frames
            .filter(isMailboxEvent('mailbox.snapshot', folder) as (f: unknown) => boolean)
            .map((f) => (f as { data: { accountId: string } }).data.accountId),
        ).size >= accounts;
      const deadline = Date.now() + 60_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`not every account sent a ${folder} snapshot`);
        await sleep(100);
      }
    }
    await sleep(3000);
    const pid = bridge.child.pid;
    if (!pid) throw new Error('bridge has no pid');
    const ticks0 = cpuTicks(pid);
    const t0 = performance.now();
    const rss: number[] = [];
    const conns: number[] = [];
    while (performance.now() - t0 < seconds * 1000) {
      rss.push(rssKiB(pid) / 1024);
      conns.push(establishedTo(dovecot.ports.imap));
      await sleep(5000);
    }
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = (cpuTicks(pid) - ticks0) / clockTicks() / elapsed;
    const connections = median(conns);
    return {
      accounts,
      foldersPerAccount: FOLDERS.length,
      seconds: round(elapsed, 1),
      rssMiB: { median: round(median(rss)), max: round(Math.max(...rss)) },
      cpuPercent: round(cpu * 100, 2),
      connections,
      connectionsPerAccount: round(connections / accounts, 1),
    };
  } finally {
    await session.cleanup();
    await dovecot.destroy();
  }
}
