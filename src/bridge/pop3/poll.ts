/**
 * One poll session's work on the server: UIDL, DELE for pending deletions, TOP for messages
 * that need a preview, QUIT. Messages are found by UIDL and addressed by their number in this
 * session only (RFC 1939 §7: numbers shift between sessions, UIDLs do not).
 *
 * Never RETR here: finding out what is new costs one UIDL plus one LIST and one TOP per
 * message that is both new and unread (issue 4).
 */
import type { Pop3Client } from './client';
import type { Pop3Hooks } from './session';

/** How many of the newest unread messages get a preview (the snapshot's header list). */
export const PREVIEW_LIMIT = 50;

export interface PollPlan {
  /** UIDLs the user asked to delete. */
  deletes: readonly string[];
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
  const entries = await client.uidl();
  const numberOf = new Map(entries.map((e) => [e.uid, e.n]));
  const deleted = new Set<string>();
  for (const uid of plan.deletes) {
    const n = numberOf.get(uid);
    // A UIDL that is not on the server any more is already deleted: success (idempotent).
    if (n === undefined || deleted.has(uid)) continue;
    await client.dele(n);
    deleted.add(uid);
  }
  const order = entries.filter((e) => !deleted.has(e.uid)).map((e) => e.uid);

  // Newest unread first; higher message numbers are later arrivals on every common server.
  const wanted: string[] = [];
  for (let i = order.length - 1; i >= 0 && wanted.length < PREVIEW_LIMIT; i--) {
    const uid = order[i];
    if (plan.isRead(uid)) continue;
    if (plan.needsPreview(uid)) wanted.push(uid);
    else wanted.push(''); // counts toward the newest-50 window without a fetch
  }
  const previews: RawPreview[] = [];
  for (const uid of wanted) {
    if (!uid) continue;
    const n = numberOf.get(uid) as number;
    const size = await listSize(client, n);
    const top = await client.top(n, plan.previewLines);
    previews.push({ uid, size, data: top.data });
  }

  await plan.hooks?.beforeQuit?.(client, [...deleted]);
  await client.quit();
  return { order, previews };
}

/** RFC 1939 §5 "LIST n": "+OK n size". */
export async function listSize(client: Pop3Client, n: number): Promise<number> {
  const m = /^\d+ (\d+)/.exec(await client.command(`LIST ${n}`));
  return m ? Number(m[1]) : 0;
}
