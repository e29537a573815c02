/**
 * Shared plumbing for the benchmarks: accounts through the bridge CLI, seed mail, process
 * counters from /proc, and a browser with the built extension and an installed bridge.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { buildMessage } from '../test/harness/mail-factory';
import type { SeedMessage } from '../test/harness/maildir-seed';
import { BRIDGE_BUNDLE } from '../test/support/built';

/** Milliseconds elapsed since `t0` (performance.now()). */
export const since = (t0: number) => performance.now() - t0;

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Where the bridge CLI keeps its config, and the HOME it runs under. */
export interface CliTarget {
  configDir: string;
  home: string;
}

/**
 * `account add` over plain IMAP on loopback (security none is only allowed there); returns the
 * account id the CLI prints.
 */
export function addImapAccount(
  target: CliTarget,
  port: number,
  user: string,
  password: string,
  watch: string[] = ['INBOX'],
): string {
  const args = ['account', 'add', '--type', 'imap', '--host', '127.0.0.1', '--port', String(port)];
  args.push('--security', 'none', '--user', user, '--password-stdin');
  for (const folder of watch) args.push('--watch', folder);
  args.push('--config-dir', target.configDir);
  return execFileSync(process.execPath, [BRIDGE_BUNDLE, ...args], {
    input: password,
    encoding: 'utf8',
    env: { ...process.env, HOME: target.home, MAILGLANCE_SECRET_STORE: 'file' },
  }).trim();
}

/** `n` small messages a minute apart, every `unreadEvery`-th one unread (the rest \Seen). */
export function seedMessages(n: number, unreadEvery = 10, tag = 'bench'): SeedMessage[] {
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    raw: buildMessage({ subject: `${tag} ${i + 1}`, date: new Date(start + i * 60_000), text: `Body ${i + 1}.` }),
    flags: i % unreadEvery === unreadEvery - 1 ? [] : ['\\Seen'],
  }));
}

/** Resident set size of a process in KiB (VmRSS in /proc/<pid>/status). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** utime + stime of a process in clock ticks (fields 14 and 15 of /proc/<pid>/stat, proc(5)). */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Clock ticks per second (getconf CLK_TCK; 100 on Linux). */
export function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

type ChromeApi = { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } };

/** The badge tooltip (it names the exact unread total even when the text says `999+`). */
export async function badgeTitle(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers().at(-1) ?? (await context.waitForEvent('serviceworker'));
  return worker.evaluate(() => (globalThis as unknown as { chrome: ChromeApi }).chrome.action.getTitle({}));
}

/** Polls the badge tooltip until it reports `total` unread; returns performance.now() at the match. */
export async function waitForTotal(context: BrowserContext, total: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    last = await badgeTitle(context).catch(() => last);
    if (new RegExp(`:\\s*${total} unread`).test(last)) return performance.now();
    await sleep(10);
  }
  throw new Error(`badge never reported ${total} unread; last title "${last}"`);
}
