/**
 * Benchmark 5: the bridge at rest with N accounts × 3 watched folders: RSS, CPU % and IMAP
 * connections per account over a window, beside the floor — idle-holder.ts, bundled the way the
 * bridge is and run with plain node and the launcher's memory settings, holding the same
 * connections (2 per account) with imapflow — sampled in the same window against the same
 * Dovecot. Connections are counted per process from /proc, so the two do not mix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { startDovecot } from '../test/harness/dovecot';
import { ROOT } from '../test/support/built';
import { bridgeSession, isMailboxEvent } from './bridge-session';
import { addImapAccount, clockTicks, cpuTicks, rssKiB, seedMessages, sleep } from './common';
import { establishedOf } from './process-sockets';
import { median, round } from './stats';

/** One process's resource use over the window. */
export interface RestFigures {
  rssMiB: { median: number; max: number };
  /** utime + stime over wall time; resolution is one clock tick (10 ms) over the window. */
  cpuPercent: number;
  connections: number;
  connectionsPerAccount: number;
  rssSamplesMiB: number[];
}

/** Bridge and floor side by side. */
export interface AtRestResult {
  accounts: number;
  foldersPerAccount: number;
  seconds: number;
  bridge: RestFigures;
  floor: RestFigures;
  /** Bridge ÷ floor and bridge − floor (median RSS). */
  vsFloor: { rssRatio: number; rssDiffMiB: number };
}

const FOLDERS = ['INBOX', 'Work', 'Lists'];

/** idle-holder.ts as one CommonJS file in `dir`, like dist/bridge/mailglance-bridge.cjs. */
async function bundleHolder(dir: string): Promise<string> {
  const outfile = join(dir, 'idle-holder.cjs');
  await build({
    entryPoints: [join(ROOT, 'bench/idle-holder.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Starts the holder with the environment the bridge's launcher sets (its line before `exec`), so
 * the floor gets the same memory settings as the bridge.
 */
async function startHolder(
  script: string,
  launcher: string,
  port: number,
  users: { user: string; password: string }[],
) {
  const line = readFileSync(launcher, 'utf8')
    .split('\n')
    .find((l) => l.includes(' exec ') || l.startsWith('exec '));
  const prefix = line ? line.slice(0, line.indexOf('exec ')) : '';
  const accounts = users.map((u) => `${u.user}:${u.password}`).join(',');
  const child = spawn(
    '/bin/sh',
    ['-c', `${prefix}exec "$0" "$@"`, process.execPath, script, '--port', String(port), '--accounts', accounts],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (l) => l === 'ready' && resolve());
    child.on('exit', (code) => reject(new Error(`idle holder exited ${code}`)));
  });
  return child;
}

function figures(rss: number[], conns: number[], ticks: number, elapsedS: number, accounts: number): RestFigures {
  const connections = median(conns);
  return {
    rssMiB: { median: round(median(rss)), max: round(Math.max(...rss)) },
    cpuPercent: round((ticks / clockTicks() / elapsedS) * 100, 2),
    connections,
    connectionsPerAccount: round(connections / accounts, 1),
    rssSamplesMiB: rss.map((v) => round(v)),
  };
}

/** Starts `accounts` users × 3 folders, waits until every folder synced, then samples for `seconds`. */
export async function atRest(accounts = 10, seconds = 60): Promise<AtRestResult> {
  const users = Array.from({ length: accounts }, (_, i) => ({ user: `user${i}`, password: `pw${i}` }));
  const dovecot = await startDovecot({ users });
  const session = bridgeSession();
  const dir = mkdtempSync(join(tmpdir(), 'mg-bench-rest-'));
  let holder: ChildProcess | undefined;
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
      const deadline = Date.now() + 120_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`not every account sent a ${folder} snapshot`);
        await sleep(100);
      }
    }
    holder = await startHolder(await bundleHolder(dir), session.launcher, dovecot.ports.imap, users);
    await sleep(3000);
    const pids = { bridge: bridge.child.pid ?? 0, floor: holder.pid ?? 0 };
    const ticks0 = { bridge: cpuTicks(pids.bridge), floor: cpuTicks(pids.floor) };
    const t0 = performance.now();
    const rss = { bridge: [] as number[], floor: [] as number[] };
    const conns = { bridge: [] as number[], floor: [] as number[] };
    while (performance.now() - t0 < seconds * 1000) {
      for (const k of ['bridge', 'floor'] as const) {
        rss[k].push(rssKiB(pids[k]) / 1024);
        conns[k].push(establishedOf(pids[k], dovecot.ports.imap));
      }
      await sleep(5000);
    }
    const elapsed = (performance.now() - t0) / 1000;
    const b = figures(rss.bridge, conns.bridge, cpuTicks(pids.bridge) - ticks0.bridge, elapsed, accounts);
    const f = figures(rss.floor, conns.floor, cpuTicks(pids.floor) - ticks0.floor, elapsed, accounts);
    return {
      accounts,
      foldersPerAccount: FOLDERS.length,
      seconds: round(elapsed, 1),
      bridge: b,
      floor: f,
      vsFloor: {
        rssRatio: round(b.rssMiB.median / f.rssMiB.median, 2),
        rssDiffMiB: round(b.rssMiB.median - f.rssMiB.median),
      },
    };
  } finally {
    holder?.stdin?.end();
    holder?.kill();
    await session.cleanup();
    await dovecot.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
