/**
 * The POP3 read set between real processes (Chrome's and Firefox's bridge share the state
 * folder): concurrent marks from two processes all reach the file, and a process killed while
 * it holds the file's lock does not block the other for long. No mail server is involved: the
 * file is the whole shared state.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadState } from '../../../src/bridge/pop3/read-state';

const CHILD = join(import.meta.dirname, 'read-state-child.ts');
const children: ChildProcessWithoutNullStreams[] = [];

/** Start read-state-child.ts in its own node process. */
function child(...args: string[]): ChildProcessWithoutNullStreams {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args]);
  children.push(proc);
  return proc;
}

/** Resolve when `proc` prints `line`; reject if it exits first. */
function printed(proc: ChildProcessWithoutNullStreams, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.split('\n').includes(line)) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`child exited (${code}) before "${line}": ${err}`)));
  });
}

afterEach(() => {
  for (const proc of children.splice(0)) proc.kill('SIGKILL');
});

describe('POP3 read state between processes', () => {
  it('keeps every mark when two processes mark 50 messages each at the same time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-pop3-procs-'));
    const a = child('mark', dir, 'a', '50');
    const b = child('mark', dir, 'b', '50');
    await Promise.all([printed(a, 'ready'), printed(b, 'ready')]);
    const done = Promise.all([printed(a, 'done'), printed(b, 'done')]);
    a.stdin.write('go\n');
    b.stdin.write('go\n');
    await done;

    const file = JSON.parse(readFileSync(join(dir, 'pop3-read.json'), 'utf8')) as { read: string[] };
    expect(file.read).toHaveLength(100);
    expect(new Set(file.read)).toEqual(
      new Set([...Array.from({ length: 50 }, (_, i) => `a${i}`), ...Array.from({ length: 50 }, (_, i) => `b${i}`)]),
    );
  });

  it('is not blocked for long by a lock left by a killed process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-pop3-procs-'));
    const holder = child('hold', join(dir, 'pop3-read.json.lock'));
    await printed(holder, 'locked');

    const lock = join(dir, 'pop3-read.json.lock');
    const lockedAt = statSync(lock).mtimeMs;

    const state = new ReadState(dir);
    let settled = false;
    const mark = state.set('u1', true).finally(() => (settled = true));
    // While the holder lives, the lock holds: the waiter's own file (`<lock>.<token>.tmp`) shows
    // it is trying, and it has not got in.
    await vi.waitFor(() => expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true), { timeout: 10_000 });
    expect(settled).toBe(false);

    holder.kill('SIGKILL');
    expect(await mark).toBe(true);
    // A dead owner's lock is broken by the dead-owner rule (a second of grace), not by the 10 s
    // after which even a live owner's lock counts as stale (src/bridge/pop3/file-lock.ts).
    expect(Date.now() - lockedAt).toBeLessThan(10_000);
    const again = new ReadState(dir);
    await again.load();
    expect(again.has('u1')).toBe(true);
  });
});
