/**
 * Optimistic state: what a message looks like once the pending outbox actions for it (its own,
 * and a "mark all read" of its mailbox) are applied on top of the server's flags. Pure, so the
 * same rule serves enqueue, confirm, drop and every snapshot that arrives while actions wait (a
 * snapshot must not undo a pending action).
 */
import type { MessageHeader } from '../protocol/model';
import type { MessageRecord, OutboxAction, OutboxRecord } from './schema';

const SEEN = '\\Seen'; // RFC 9051 §2.3.2 system flags
const FLAGGED = '\\Flagged';
const DELETED = '\\Deleted';

export interface FlagState {
  flags: string[];
  /** The message leaves this mailbox (delete, archive, junk). */
  gone: boolean;
}

function withFlag(flags: string[], flag: string, on: boolean): string[] {
  const has = flags.some((f) => f.toLowerCase() === flag.toLowerCase());
  if (on) return has ? flags : [...flags, flag];
  return has ? flags.filter((f) => f.toLowerCase() !== flag.toLowerCase()) : flags;
}

/** The effect of one action. Idempotent: applying the same action twice equals applying it once. */
export function applyAction(state: FlagState, action: OutboxAction): FlagState {
  switch (action) {
    case 'markRead':
    case 'markAllRead': // on each message it covers
      return { ...state, flags: withFlag(state.flags, SEEN, true) };
    case 'markUnread':
      return { ...state, flags: withFlag(state.flags, SEEN, false) };
    case 'flag':
      return { ...state, flags: withFlag(state.flags, FLAGGED, true) };
    case 'unflag':
      return { ...state, flags: withFlag(state.flags, FLAGGED, false) };
    case 'delete':
    case 'archive':
    case 'junk':
      return { ...state, gone: true };
  }
}

export function isUnread(flags: readonly string[]): boolean {
  return !flags.some((f) => f.toLowerCase() === SEEN.toLowerCase());
}

/** `date` as UTC ISO 8601 (sortable as a string); unparsable dates sort first. */
export function sortableDate(date: string): string {
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? '0000-01-01T00:00:00.000Z' : new Date(ms).toISOString();
}

/**
 * Recomputes the visible fields of a row from its server flags and the pending actions (in order).
 * A message the server holds marked \Deleted is hidden: it waits for a purge, and the bridge's
 * counts leave it out too (src/bridge/imap/status.ts).
 */
export function overlay(row: MessageRecord, pending: readonly OutboxRecord[]): MessageRecord {
  const deleted = row.serverFlags.some((f) => f.toLowerCase() === DELETED.toLowerCase());
  let state: FlagState = { flags: row.serverFlags, gone: deleted };
  for (const entry of pending) state = applyAction(state, entry.action);
  return {
    ...row,
    flags: state.flags,
    unread: !state.gone && isUnread(state.flags) ? 1 : 0,
    hidden: state.gone ? 1 : 0,
  };
}

/** A row for a header the bridge sent, with pending actions for it applied. */
export function toRecord(
  accountId: string,
  mailbox: string,
  uidValidity: string,
  header: MessageHeader,
  pending: readonly OutboxRecord[],
): MessageRecord {
  const base: MessageRecord = {
    ...header,
    accountId,
    mailbox,
    uidValidity,
    serverFlags: header.flags,
    unread: 0,
    hidden: 0,
    sortDate: sortableDate(header.date),
  };
  return overlay(base, pending);
}

/** Whether the row is a mailbox-level action (its ref names a mailbox, not a message). */
export function isMailboxAction(entry: OutboxRecord): boolean {
  return entry.action === 'markAllRead';
}

/**
 * A POP3 "mark all read"'s UIDLs as a set, made once per outbox row read: `covers` runs for every
 * cached row of the mailbox (the badge's count, each snapshot), and the list can be thousands long.
 */
const uidlSets = new WeakMap<OutboxRecord, ReadonlySet<string>>();
function uidlSet(entry: OutboxRecord): ReadonlySet<string> {
  let set = uidlSets.get(entry);
  if (!set) uidlSets.set(entry, (set = new Set(entry.uidls)));
  return set;
}

/**
 * Whether `entry` acts on the message `uid`: a message action on exactly that ref, a mailbox
 * action on the same mailbox and uidValidity when `uid` is one of its `uidls` (POP3), else when it
 * is at most its `ref.uid` ('' = all).
 */
export function covers(
  entry: OutboxRecord,
  accountId: string,
  mailbox: string,
  uidValidity: string,
  uid: string,
): boolean {
  const { ref } = entry;
  if (ref.accountId !== accountId || ref.mailbox !== mailbox || ref.uidValidity !== uidValidity) return false;
  if (!isMailboxAction(entry)) return ref.uid === uid;
  if (entry.uidls) return uidlSet(entry).has(uid);
  // A UID that cannot be compared (never the case for IMAP, which alone sends one) is not covered.
  return ref.uid === '' || (compareUids(uid, ref.uid) ?? 1) <= 0;
}

/** Pending actions that act on this row, message- and mailbox-level alike, in outbox order. */
export function pendingFor(
  pending: readonly OutboxRecord[],
  accountId: string,
  mailbox: string,
  uidValidity: string,
  uid: string,
): OutboxRecord[] {
  return pending.filter((p) => covers(p, accountId, mailbox, uidValidity, uid));
}

/** Compares IMAP UIDs numerically; `undefined` when either is not a decimal (a POP3 UIDL). */
export function compareUids(a: string, b: string): number | undefined {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x < y ? -1 : 1;
}
