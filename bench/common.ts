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

/**
 * Waits until the badge tooltip reports `total` unread; returns performance.now() at the match.
 * The tooltip is polled inside the service worker every 2 ms and the match is timed there (on the
 * same wall clock as this process): polling over the DevTools protocol added its own round trip,
 * tens of ms on a loaded machine, to our side of the push figure and not to the floor's, which
 * times its push in-process. If the worker is restarted mid-wait, the wait goes on from here.
 */
export async function waitForTotal(context: BrowserContext, total: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    const worker = context.serviceWorkers().at(-1) ?? (await context.waitForEvent('serviceworker'));
    const seen = await worker
      .evaluate(
        async ({ total, ms }) => {
          const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
          const until = Date.now() + ms;
          let title = '';
          while (Date.now() < until) {
            title = await chrome.action.getTitle({});
            if (new RegExp(`:\\s*${total} unread`).test(title))
              return { at: performance.timeOrigin + performance.now() };
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
          return { title };
        },
        { total, ms: Math.max(0, deadline - performance.now()) },
      )
      .catch(() => undefined); // the worker stopped: look again
    if (seen?.at !== undefined) return seen.at - performance.timeOrigin;
    if (seen?.title !== undefined) last = seen.title;
    else await sleep(10);
  }
  throw new Error(`badge never reported ${total} unread; last title "${last}"`);
}
