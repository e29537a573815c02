/**
 * POP3 has no flags on the server (RFC 1939), so the bridge keeps a virtual \Seen flag: the set
 * of UIDLs the user has read, in `<stateDir>/pop3-read.json`. Every browser's bridge process
 * shares the file, so each change re-reads it first and writes it back atomically, and each poll
 * re-reads it to pick up changes made by the other process.
 */
import { join } from 'node:path';
import { readJson, writeJson } from './json-file';

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

export class ReadState {
  private read = new Set<string>();
  private readonly path: string;

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
  async load(): Promise<void> {
    const file = await readJson<ReadFile>(this.path, { v: 1, read: [] }, isReadFile);
    this.read = new Set(file.read);
  }

  /** Mark `uid` read or unread; returns whether anything changed. */
  async set(uid: string, seen: boolean): Promise<boolean> {
    await this.load();
    if (this.read.has(uid) === seen) return false;
    if (seen) this.read.add(uid);
    else this.read.delete(uid);
    await this.save();
    return true;
  }

  /** Mark every one of `uids` read in one write; returns those that were unread before. */
  async addAll(uids: Iterable<string>): Promise<string[]> {
    await this.load();
    const added: string[] = [];
    for (const uid of uids) {
      if (this.read.has(uid)) continue;
      this.read.add(uid);
      added.push(uid);
    }
    if (added.length) await this.save();
    return added;
  }

  /** Drop UIDLs that are no longer on the server; returns whether anything was dropped. */
  async retainOnly(onServer: ReadonlySet<string>): Promise<boolean> {
    await this.load();
    const before = this.read.size;
    for (const uid of this.read) if (!onServer.has(uid)) this.read.delete(uid);
    if (this.read.size === before) return false;
    await this.save();
    return true;
  }

  private save(): Promise<void> {
    return writeJson(this.path, { v: 1, read: [...this.read] } satisfies ReadFile);
  }
}
