/**
 * A short lock between bridge processes (Chrome and Firefox each start one on the same state
 * folder), held only around a read-modify-write of a small state file.
 *
 * The lock is a file created by link(2) from a temporary file that already holds the owner
 * (pid, host, random token): link fails with EEXIST if the lock exists, and a reader never sees
 * a lock file without its owner in it (O_EXCL would leave an empty file for a moment). No
 * dependency: node has no flock(2), and proper-lockfile's mkdir lock carries no owner, so it can
 * only judge staleness by age.
 *
 * A lock is stale when its owner runs on this host, its pid is gone (a killed bridge) and it is
 * older than a second, or when it is older than `staleMs` (a recycled pid, or a holder stalled far
 * beyond the few milliseconds the work takes). The second of grace covers a browser sandbox
 * with its own pid namespace (Flatpak), where a live owner's pid looks gone from outside.
 * Breaking a lock is itself serialized (see breakIfStale). Like any lease, a holder stalled past
 * `staleMs` may lose its lock: the cost is a lost update, never a bridge that waits forever.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { BridgeError, ErrorCode } from '../../protocol';

export interface FileLockOptions {
  /** A lock older than this is taken to be abandoned. */
  staleMs?: number;
  /** Give up (retryable Timeout) after waiting this long. */
  timeoutMs?: number;
}

interface Owner {
  pid: number;
  host: string;
  token: string;
}

/** A lock file as read: its text (unique per acquisition), owner and age. */
interface Held {
  text: string;
  owner: Owner | null;
  ageMs: number;
}

const STALE_MS = 10_000;
const DEAD_OWNER_GRACE_MS = 1_000;

/** Run `work` while holding the lock file at `path`. */
export async function withFileLock<T>(path: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const token = await acquire(
    path,
    options.staleMs ?? STALE_MS,
    options.timeoutMs ?? 3 * (options.staleMs ?? STALE_MS),
  );
  try {
    return await work();
  } finally {
    await release(path, token);
  }
}

async function acquire(path: string, staleMs: number, timeoutMs: number): Promise<string> {
  const token = randomBytes(8).toString('hex');
  const owner: Owner = { pid: process.pid, host: hostname(), token };
  const temp = `${path}.${token}.tmp`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(temp, JSON.stringify(owner), { mode: 0o600 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      // The lock is this file's inode: a lock taken after a long wait must not look old.
      const now = new Date();
      await utimes(temp, now, now);
      if (await tryLink(temp, path)) return token;
      const broken = await breakIfStale(path, temp, token, staleMs);
      if (Date.now() > deadline) throw new BridgeError(ErrorCode.Timeout, `${path} stayed locked for ${timeoutMs} ms`);
      // The holder needs a few milliseconds; jitter keeps two waiters from retrying in step.
      if (!broken) await new Promise((r) => setTimeout(r, 2 + Math.random() * 8));
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Remove `path` if it is still the file `token` created (it may have been broken as stale). */
async function release(path: string, token: string): Promise<void> {
  const held = await readLock(path);
  if (held?.owner?.token === token) await unlink(path).catch(() => undefined);
}

/** Create `to` as a hard link of `from`; false if `to` exists. */
async function tryLink(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (err) {
    if (codeOf(err) === 'EEXIST') return false;
    throw err;
  }
}

/** The lock's text, parsed owner and age; null if there is no lock file. */
async function readLock(path: string): Promise<Held | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return null;
    throw err;
  }
  try {
    // One handle for both: the age and the text belong to the same file.
    const [stats, text] = await Promise.all([handle.stat(), handle.readFile('utf8')]);
    return { text, owner: parseOwner(text), ageMs: Date.now() - stats.mtimeMs };
  } finally {
    await handle.close();
  }
}

function isStale(lock: Held, staleMs: number): boolean {
  const dead = lock.owner !== null && lock.owner.host === hostname() && !isAlive(lock.owner.pid);
  return lock.ageMs > (dead ? Math.min(DEAD_OWNER_GRACE_MS, staleMs) : staleMs);
}

/**
 * Remove the lock at `path` if it is stale; true if the caller should try to take it at once.
 * One breaker at a time (a second lock, `<path>.break`): two waiters that both judged the same
 * lock stale must not both remove "it", or the second would remove the fresh lock the first one
 * took. Under the breaker lock, the lock is removed only if it is still the one judged stale.
 */
async function breakIfStale(path: string, temp: string, token: string, staleMs: number): Promise<boolean> {
  const seen = await readLock(path);
  if (!seen) return true;
  if (!isStale(seen, staleMs)) return false;
  const breaker = `${path}.break`;
  if (!(await tryLink(temp, breaker))) {
    // A breaker holds it for a few milliseconds; one that stays was killed while breaking.
    const other = await readLock(breaker);
    if (other && isStale(other, staleMs)) await unlink(breaker).catch(() => undefined);
    return false;
  }
  try {
    const now = await readLock(path);
    if (now?.text === seen.text) await unlink(path).catch(() => undefined);
    return true;
  } finally {
    await release(breaker, token);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return codeOf(err) === 'EPERM'; // exists, owned by another user
  }
}

function parseOwner(text: string): Owner | null {
  try {
    const o = JSON.parse(text) as Partial<Owner> | null;
    return typeof o?.pid === 'number' && typeof o.host === 'string' && typeof o.token === 'string'
      ? { pid: o.pid, host: o.host, token: o.token }
      : null;
  } catch {
    return null;
  }
}

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}
