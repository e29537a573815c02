/**
 * Header data (from TOP) of the messages the bridge has previewed, kept in
 * `<stateDir>/pop3-headers.json` so a bridge restart does not TOP every unread message again.
 * Bounded: only UIDLs still on the server, at most MAX_ENTRIES of them.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { MessageHeader } from '../../protocol';
import { readJson, writeJson } from './json-file';

const MAX_ENTRIES = 500;
const CacheFile = v.object({ v: v.literal(1), headers: v.array(MessageHeader) });
type CacheFile = v.InferOutput<typeof CacheFile>;

export class HeaderCache {
  private headers = new Map<string, MessageHeader>();
  private dirty = false;
  private readonly path: string;

  constructor(stateDir: string) {
    this.path = join(stateDir, 'pop3-headers.json');
  }

  async load(): Promise<void> {
    const file = await readJson<CacheFile>(this.path, { v: 1, headers: [] }, (x): x is CacheFile => v.is(CacheFile, x));
    this.headers = new Map(file.headers.map((h) => [h.uid, h]));
  }

  get(uid: string): MessageHeader | undefined {
    return this.headers.get(uid);
  }

  put(header: MessageHeader): void {
    this.headers.set(header.uid, { ...header, flags: [] });
    this.dirty = true;
  }

  /**
   * Drop entries for UIDLs no longer on the server; when over the bound, evict the oldest
   * (`order` is the server's UIDL list, oldest first) except those in `pinned`.
   */
  prune(order: readonly string[], pinned: ReadonlySet<string>): void {
    const onServer = new Set(order);
    for (const uid of this.headers.keys()) {
      if (!onServer.has(uid)) {
        this.headers.delete(uid);
        this.dirty = true;
      }
    }
    for (let i = 0; i < order.length && this.headers.size > MAX_ENTRIES; i++) {
      if (!pinned.has(order[i]) && this.headers.delete(order[i])) this.dirty = true;
    }
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await writeJson(this.path, { v: 1, headers: [...this.headers.values()] } satisfies CacheFile);
  }
}
