/**
 * POP3 has no flags on the server (RFC 1939), so the bridge keeps a virtual \Seen flag: the set
 * of UIDLs the user has read, in `<stateDir>/pop3-read.json`.
 *
 * Every browser's bridge process shares the file, and each holds a copy in memory. So no copy is
 * ever written back whole: every change is a delta (add these UIDLs, remove those) applied to the
 * file as it is now, re-read under a lock file (./file-lock.ts) and written atomically. Inside one
 * process the operations of an instance run one at a time, so a slow re-read cannot overwrite the
 * copy with an older one. Each poll re-reads the file to pick up the other process's changes.
 */
import { join } from 'node:path';
import { withFileLock } from './file-lock';
import { readJson, writeJson } from './json-file';
import { SerialQueue } from '../serial-queue';

interface ReadFile {
  v: 1;
  read: string[];
}

const isReadFile = (x: unknown): x is ReadFile =>
  typeof x === 'object' &&
  x !== null &&
  (x as ReadFile).v === 1 &&
  Array.isArray((x as ReadFile).read) &&
  (x as ReadFile).read.every((u) => typeof u === 'string');

/** UIDLs whose state in the file changed. */
export interface ReadChange {
  added: string[];
  removed: string[];
}

export class ReadState {
  private read = new Set<string>();
  private readonly path: string;
  private readonly queue = new SerialQueue();

  constructor(stateDir: string) {
    this.path = join(stateDir, 'pop3-read.json');
  }

  has(uid: string): boolean {
    return this.read.has(uid);
  }

  /** A copy of the current set (to compare before and after a reload). */
  snapshot(): Set<string> {
    return new Set(this.read);
  }

  /** Re-read the file (another bridge process may have changed it). */
  load(): Promise<void> {
    return this.queue.run(async () => {
      this.read = await this.readFile();
    });
  }

  /** Mark `uid` read or unread; returns whether the file changed. */
  async set(uid: string, seen: boolean): Promise<boolean> {
    const { added, removed } = await this.change(seen ? { add: [uid] } : { remove: [uid] });
    return added.length + removed.length > 0;
  }

  /** Mark every one of `uids` read in one write; returns those that were unread before. */
  async addAll(uids: Iterable<string>): Promise<string[]> {
    return (await this.change({ add: uids })).added;
  }

  /**
   * Drop UIDLs that vanished from the server (only those: the other process may have just
   * marked mail that this poll did not list yet), re-reading the file even when there are none.
   */
  async forget(vanished: Iterable<string>): Promise<string[]> {
    return (await this.change({ remove: vanished })).removed;
  }

  /** Apply a delta to the file as it is now, under the lock; the copy becomes the result. */
  change(delta: { add?: Iterable<string>; remove?: Iterable<string> }): Promise<ReadChange> {
    const add = [...(delta.add ?? [])];
    const remove = [...(delta.remove ?? [])];
    return this.queue.run(async () => {
      if (!add.length && !remove.length) {
        this.read = await this.readFile();
        return { added: [], removed: [] };
      }
      return withFileLock(`${this.path}.lock`, async () => {
        const read = await this.readFile();
        const added: string[] = [];
        const removed: string[] = [];
        for (const uid of add) {
          if (read.has(uid)) continue;
          read.add(uid);
          added.push(uid);
        }
        for (const uid of remove) if (read.delete(uid)) removed.push(uid);
        if (added.length || removed.length) {
          await writeJson(this.path, { v: 1, read: [...read] } satisfies ReadFile);
        }
        this.read = read;
        return { added, removed };
      });
    });
  }

  private async readFile(): Promise<Set<string>> {
    return new Set((await readJson<ReadFile>(this.path, { v: 1, read: [] }, isReadFile)).read);
  }
}
