/**
 * The bridge's memory of what it sent, per account (`<state>/<account>/sends.json`, 0600), keyed
 * by Message-ID. A send is written down as `sending` before its data goes out and as `sent` once
 * the server accepted it, so a repeated request after a lost reply or a bridge restart is answered
 * from here instead of sending again, and one cut off in between is known to be uncertain.
 */
import { join } from 'node:path';
import { readJsonFile, writePrivateJson } from '../fs-private';
import type { Logger } from '../log';

export interface SendEntry {
  state: 'sending' | 'sent';
  /** ms since the epoch of the last change. */
  at: number;
  accepted?: string[];
  rejected?: string[];
  /** The Sent copy and the \Answered flag are done: a repeat does not redo them. */
  copyDone?: boolean;
  answered?: boolean;
}

/** How long a `sent` entry is kept: far longer than any outbox retry. */
const KEEP_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 1000;

type Entries = Record<string, SendEntry>;

const isEntry = (x: unknown): x is SendEntry =>
  typeof x === 'object' && x !== null && ((x as SendEntry).state === 'sending' || (x as SendEntry).state === 'sent');

export class SendRecord {
  private readonly file: string;

  constructor(
    stateDir: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(stateDir, 'sends.json');
  }

  get(messageId: string): SendEntry | undefined {
    return this.read()[messageId];
  }

  /** Merges `change` into the entry (creating it) and writes the file before returning. */
  update(messageId: string, change: Partial<SendEntry> & Pick<SendEntry, 'state'>): SendEntry {
    const all = this.read();
    const entry: SendEntry = { ...all[messageId], ...change, at: this.now() };
    all[messageId] = entry;
    writePrivateJson(this.file, this.pruned(all));
    return entry;
  }

  /** Forgets a send that certainly did not reach the server (it may be sent again freely). */
  forget(messageId: string): void {
    const all = this.read();
    if (!(messageId in all)) return;
    delete all[messageId];
    writePrivateJson(this.file, all);
  }

  private read(): Entries {
    const read = readJsonFile(this.file);
    if (read.kind === 'missing') return {};
    if (read.kind === 'damaged' || typeof read.value !== 'object' || read.value === null) {
      // Unreadable memory must not block sending for good; it is reported in the log.
      this.log.warn('send record unreadable; starting a new one', { file: this.file });
      return {};
    }
    const entries: Entries = {};
    for (const [id, entry] of Object.entries(read.value as Record<string, unknown>))
      if (isEntry(entry)) entries[id] = entry;
    return entries;
  }

  /** Drops old finished entries; `sending` ones stay until the user decided about them. */
  private pruned(all: Entries): Entries {
    const cutoff = this.now() - KEEP_MS;
    const kept = Object.entries(all).filter(([, e]) => e.state === 'sending' || e.at >= cutoff);
    kept.sort((a, b) => b[1].at - a[1].at);
    return Object.fromEntries(kept.slice(0, MAX_ENTRIES));
  }
}
