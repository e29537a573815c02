/**
 * The server's counts for one mailbox (docs/architecture.md "Counts come from the server"): STATUS
 * (RFC 9051 §6.3.11) with HIGHESTMODSEQ (RFC 7162 §3.1.6) and GETQUOTAROOT (RFC 9208).
 * BigInt values from imapflow become decimal strings here, at the protocol boundary.
 */
import type { ImapFlow } from 'imapflow';
import { BridgeError, ErrorCode, type MailboxStatus } from '../../protocol';
import { toBridgeError } from './errors';

type Quota = NonNullable<MailboxStatus['quota']>;

/** MailboxStatus plus what sync needs but the protocol does not carry. */
export interface ServerStatus {
  status: MailboxStatus;
  uidNext: number;
  /** HIGHESTMODSEQ as BigInt, for CHANGEDSINCE; undefined without CONDSTORE. */
  modseq?: bigint;
}

/** Last path segment, as a display name. */
export function displayName(path: string, delimiter = '/'): string {
  return path.split(delimiter).pop() || path;
}

/**
 * Messages of the selected mailbox marked \Deleted (RFC 9051 §6.4.4 `SEARCH DELETED`): all of
 * them, and the unseen ones. They wait for an expunge — left by "mark only" deletes, by another
 * client, or by a delete on a server without UIDPLUS (remove.ts) — so they are neither listed nor
 * counted as unread: the badge counts what the user can still read. Only the selected mailbox is
 * searched (callers hold its lock); for any other path both counts are 0.
 */
async function markedDeleted(client: ImapFlow, path: string): Promise<{ all: number; unseen: number }> {
  if (client.mailbox === false || client.mailbox?.path !== path || client.mailbox.exists === 0) {
    return { all: 0, unseen: 0 };
  }
  const all = (await client.search({ deleted: true }, { uid: true })) || [];
  if (all.length === 0) return { all: 0, unseen: 0 };
  const unseen = (await client.search({ deleted: true, seen: false }, { uid: true })) || [];
  return { all: all.length, unseen: unseen.length };
}

/**
 * Storage quota of the root `path` belongs to (GETQUOTAROOT), or undefined when the server has
 * none or refuses: quota is informative and must never fail a sync.
 */
export async function readQuota(client: ImapFlow, path: string): Promise<Quota | undefined> {
  if (!client.capabilities.has('QUOTA')) return undefined;
  const q = await client.getQuota(path).catch(() => false as const);
  if (q && q.storage && typeof q.storage.limit === 'number')
    return { usage: q.storage.usage ?? 0, limit: q.storage.limit };
  return undefined;
}

/**
 * STATUS (+ quota unless `withQuota` is false) of `path`. Throws MESSAGE_GONE when the mailbox
 * does not exist. When `path` is the selected mailbox the answer is that session view: call this
 * under a fresh lock (work-lock.ts), right after SELECT or after a command that synced the view.
 * Sync leaves quota out: Dovecot may have to count the whole mailbox to answer GETQUOTAROOT
 * (seconds on a large one), and the list does not need it; sync.ts reads it after sending.
 */
export async function readStatus(
  client: ImapFlow,
  path: string,
  specialUse?: string,
  withQuota = true,
): Promise<ServerStatus> {
  let st: Awaited<ReturnType<ImapFlow['status']>>;
  try {
    st = await client.status(path, {
      messages: true,
      unseen: true,
      uidValidity: true,
      uidNext: true,
      highestModseq: true,
    });
  } catch (err) {
    const be = toBridgeError(err);
    throw be.code === ErrorCode.ServerError ? new BridgeError(ErrorCode.MessageGone, `no mailbox ${path}`) : be;
  }
  if (!st) throw new BridgeError(ErrorCode.MessageGone, `no mailbox ${path}`);
  const marked = await markedDeleted(client, path);
  const status: MailboxStatus = {
    path,
    name: displayName(path),
    ...(specialUse ? { specialUse } : {}),
    uidValidity: String(st.uidValidity ?? 0),
    total: st.messages ?? 0,
    unseen: Math.max(0, (st.unseen ?? 0) - marked.unseen),
    ...(marked.all ? { deleted: marked.all } : {}),
    ...(st.highestModseq !== undefined ? { highestModseq: String(st.highestModseq) } : {}),
  };
  if (withQuota) {
    const quota = await readQuota(client, path);
    if (quota) status.quota = quota;
  }
  return { status, uidNext: st.uidNext ?? 0, modseq: st.highestModseq };
}
