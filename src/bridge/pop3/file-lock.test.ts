import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol';
import { withFileLock } from './file-lock';

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'mg-lock-')), 'x.lock');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lock file as another holder would leave it, `ageMs` old. */
function plant(path: string, pid: number, ageMs: number): void {
  writeFileSync(path, JSON.stringify({ pid, host: hostname(), token: 'planted' }));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(path, t, t);
}

/** A pid that belonged to a process which has exited (one spawn for the file: it is slow under load). */
let deadPid: number;
beforeAll(() => {
  deadPid = spawnSync(process.execPath, ['-e', '']).pid as number;
});

/** Long enough that a test ending in it is a wrong wait, not a slow machine. */
const NEVER_MS = 10 * 60_000;

/** `n` holders at once, each taking a turn in a critical section with an await inside. */
async function contend(path: string, n: number): Promise<{ maxInside: number; turns: number }> {
  let inside = 0;
  let maxInside = 0;
  let turns = 0;
  await Promise.all(
    Array.from({ length: n }, () =>
      withFileLock(path, async () => {
        maxInside = Math.max(maxInside, ++inside);
        await sleep(1);
        turns++;
        inside--;
      }),
    ),
  );
  return { maxInside, turns };
}

describe('withFileLock', () => {
  it('lets one holder in at a time and cleans up after itself', async () => {
    const path = lockIn();
    expect(await contend(path, 25)).toEqual({ maxInside: 1, turns: 25 });
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });

  // No wall-clock window: with staleMs far away only the dead-owner rule can free the lock, and
  // the timeout (the lock's own deadline) turns a wrong wait into a TIMEOUT error.
  it('breaks a lock left by a process that died, once it is a second old', async () => {
    const path = lockIn();
    plant(path, deadPid, 1_500);
    await expect(withFileLock(path, async () => 'in', { staleMs: NEVER_MS, timeoutMs: 20_000 })).resolves.toBe('in');
  });

  it('gives a dead owner a second of grace (its pid may live in another namespace), then breaks it', async () => {
    const path = lockIn();
    plant(path, deadPid, -60_000); // written "in a minute": younger than the grace for the whole test
    await expect(
      withFileLock(path, async () => undefined, { staleMs: NEVER_MS, timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: ErrorCode.Timeout });
    expect(existsSync(path)).toBe(true);
    plant(path, deadPid, 0);
    await expect(withFileLock(path, async () => 'in', { staleMs: NEVER_MS, timeoutMs: 20_000 })).resolves.toBe('in');
  }, 30_000);

  it('waits for a live owner until the lock is older than staleMs', async () => {
    const path = lockIn();
    plant(path, process.pid, 0);
    const planted = Date.now();
    await expect(withFileLock(path, async () => undefined, { staleMs: 60_000, timeoutMs: 150 })).rejects.toMatchObject({
      code: ErrorCode.Timeout,
    });
    expect(existsSync(path)).toBe(true);
    await withFileLock(path, async () => undefined, { staleMs: 500 });
    expect(Date.now() - planted).toBeGreaterThanOrEqual(450);
  });

  it('lets many waiters break one stale lock without two of them getting in together', async () => {
    for (let round = 0; round < 10; round++) {
      const path = lockIn();
      plant(path, deadPid, 5_000);
      expect(await contend(path, 10)).toEqual({ maxInside: 1, turns: 10 });
    }
  }, 30_000); // 100 holders of real files: no clock in the check, only in the test's own budget

  it("does not remove a lock that is someone else's by the time it releases", async () => {
    const path = lockIn();
    await withFileLock(path, async () => {
      // Our lock was broken as stale and taken by another holder meanwhile.
      plant(path, process.pid, 0);
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ token: 'planted' });
  });
});
