/**
 * Another bridge process (the other browser's) may have changed accounts.json: which of our
 * drivers no longer match it. Pure, so the rules are unit-tested without drivers or files.
 */
import { isDeepStrictEqual } from 'node:util';
import type { AccountEntry } from './account-store';

export interface AccountDiff {
  /** In the file, not running here. */
  start: AccountEntry[];
  /** Running with other settings or an older secret than the file holds. */
  restart: AccountEntry[];
  /** Running here, gone from the file. */
  stop: string[];
}

/** Compares what runs (by account id) with what the file holds now. */
export function diffAccounts(running: ReadonlyMap<string, AccountEntry>, stored: readonly AccountEntry[]): AccountDiff {
  const diff: AccountDiff = { start: [], restart: [], stop: [] };
  const storedIds = new Set(stored.map((e) => e.account.id));
  for (const id of running.keys()) if (!storedIds.has(id)) diff.stop.push(id);
  for (const entry of stored) {
    const current = running.get(entry.account.id);
    if (!current) diff.start.push(entry);
    else if (!sameEntry(current, entry)) diff.restart.push(entry);
  }
  return diff;
}

export function isEmptyDiff(diff: AccountDiff): boolean {
  return diff.start.length === 0 && diff.restart.length === 0 && diff.stop.length === 0;
}

/**
 * Any setting counts, as in `account.update` (which restarts on every change). Compared as JSON
 * so an absent optional setting equals one that is present but undefined.
 */
function sameEntry(a: AccountEntry, b: AccountEntry): boolean {
  return a.secretRevision === b.secretRevision && isDeepStrictEqual(asJson(a.account), asJson(b.account));
}

function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
