/**
 * One poll session's work on the server: UIDL, DELE for pending deletions, TOP for messages
 * that need a preview, QUIT. Messages are found by UIDL and addressed by their number in this
 * session only (RFC 1939 §7: numbers shift between sessions, UIDLs do not).
 *
 * Never RETR here: finding out what is new costs one UIDL plus one LIST and one TOP per
 * message that is both new and unread.
 */
import type { Pop3Client } from './client';
import { unreadWindow } from './mailbox-view';
import { Pop3CommandError } from './reply';
import type { Pop3Hooks } from './session';

export interface PollPlan {
  /** UIDLs the user asked to delete. */
  deletes: readonly string[];
  /** leaveOnServer === false: also delete every message the user has read (the classic POP3 "download then delete", with "read" as "downloaded"). */
  deleteRead: boolean;
  /** Whether a message still needs a preview (unread and not in the header cache). */
  needsPreview(uid: string): boolean;
  /** Whether a message is read (virtual \Seen). */
  isRead(uid: string): boolean;
  previewLines: number;
  hooks?: Pop3Hooks;
}

export interface RawPreview {
  uid: string;
  size: number;
  data: Buffer;
}

export interface PollResult {
  /** UIDLs on the server after the session, oldest first. */
  order: string[];
  /** TOP output to parse (after QUIT, so the maildrop lock is held as briefly as possible). */
  previews: RawPreview[];
}

/**
 * Run the session. Resolves only after the server confirmed QUIT: only then are the DELEs
 * applied (RFC 1939 §6). Any failure before that means nothing was deleted.
 */
export async function pollSession(client: Pop3Client, plan: PollPlan): Promise<PollResult> {
  let result: PollResult & { deleted: string[] };
  try {
    result = await sessionWork(client, plan);
  } catch (err) {
    await abandon(client, err);
    throw err;
  }
  await plan.hooks?.beforeQuit?.(client, result.deleted);
  await client.quit();
  return { order: result.order, previews: result.previews };
}

/**
 * The session is all-or-nothing: the driver rejects every delete waiter on any failure and the
 * outbox retries them all. So when the server refused a command (-ERR: e.g. one DELE failed after
 * others were marked), unmark everything with RSET (RFC 1939 §5) and end with QUIT, rather than
 * only dropping the connection. §6 says a dropped session must not enter UPDATE, but RSET makes
 * "nothing deleted" hold even on a server that gets that wrong, and a clean QUIT releases the
 * maildrop lock (§8) at once instead of leaving the next poll to meet [IN-USE]. After a timeout
 * or a broken connection the stream is not in sync; the caller drops it and nothing applies.
 */
async function abandon(client: Pop3Client, err: unknown): Promise<void> {
  if (!(err instanceof Pop3CommandError) || client.isClosed) return;
  try {
    await client.rset();
    await client.quit();
  } catch {
    // The caller destroys the client; without +OK to QUIT nothing marked is applied (§6).
  }
}

async function sessionWork(client: Pop3Client, plan: PollPlan): Promise<PollResult & { deleted: string[] }> {
  const entries = await client.uidl();
  const numberOf = new Map(entries.map((e) => [e.uid, e.n]));
  const deleted = new Set<string>();
  const toDelete = plan.deleteRead
    ? [...plan.deletes, ...entries.filter((e) => plan.isRead(e.uid)).map((e) => e.uid)]
    : plan.deletes;
  for (const uid of toDelete) {
    const n = numberOf.get(uid);
    // A UIDL that is not on the server any more is already deleted: success (idempotent).
    if (n === undefined || deleted.has(uid)) continue;
    await client.dele(n);
    deleted.add(uid);
  }
  const order = entries.filter((e) => !deleted.has(e.uid)).map((e) => e.uid);

  // The snapshot's window: newest unread first (higher numbers are later arrivals on every
  // common server). Only those without a cached header cost a TOP.
  const wanted = unreadWindow(order, plan.isRead).filter(plan.needsPreview);
  const previews: RawPreview[] = [];
  for (const uid of wanted) {
    const n = numberOf.get(uid) as number;
    const size = await listSize(client, n);
    const top = await client.top(n, plan.previewLines);
    previews.push({ uid, size, data: top.data });
  }
  return { order, previews, deleted: [...deleted] };
}

/** RFC 1939 §5 "LIST n": "+OK n size". */
export async function listSize(client: Pop3Client, n: number): Promise<number> {
  const m = /^\d+ (\d+)/.exec(await client.command(`LIST ${n}`));
  return m ? Number(m[1]) : 0;
}
