/**
 * Message headers for the list: the newest N unread messages of the selected mailbox, with a
 * snippet read from a small partial FETCH of the text part. The number of envelopes fetched
 * depends on N, never on the mailbox size (docs/architecture.md: 10,000 messages, newest 50 = 16.8 KB).
 * Callers hold the mailbox lock.
 */
import type { FetchMessageObject, ImapFlow, MessageAddressObject } from 'imapflow';
import type { Address, MessageHeader } from '../../protocol';
import { hasAttachments, snippetPart, type SnippetPart } from './structure';
import { snippetFromPart } from './snippet';

/** Newest unread messages per snapshot. */
export const SNAPSHOT_SIZE = 50;
/** Bytes of a text part fetched for a snippet; HTML needs more (head/style come first). */
const SNIPPET_BYTES = { text: 2048, html: 8192 };

/**
 * UIDs of the newest `n` unseen messages, newest first. Searches growing windows at the end of
 * the mailbox (`UID SEARCH <seq>:* UNSEEN`), so a large mailbox with recent unread mail costs a
 * small search, not a list of every unseen UID.
 */
export async function newestUnseenUids(client: ImapFlow, exists: number, n = SNAPSHOT_SIZE): Promise<number[]> {
  if (exists === 0) return [];
  let window = Math.max(4 * n, 200);
  for (;;) {
    const start = Math.max(1, exists - window + 1);
    const found = (await client.search({ seq: `${start}:*`, seen: false }, { uid: true })) || [];
    if (found.length >= n || start === 1) return [...found].sort((a, b) => b - a).slice(0, n);
    window *= 4;
  }
}

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? [])
    .filter((a) => a.address || a.name)
    .map((a) => (a.name ? { name: a.name, address: a.address ?? '' } : { address: a.address ?? '' }));
}

function isoDate(msg: FetchMessageObject): string {
  const d = msg.envelope?.date ?? msg.internalDate;
  const date = d instanceof Date ? d : d ? new Date(d) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : new Date(0).toISOString();
}

/** Flags as the protocol carries them: without \Recent, which is per-session (RFC 9051 drops it). */
export function visibleFlags(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((f) => f !== '\\Recent');
}

/** Protocol header from a FETCH of (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE INTERNALDATE). */
export function toHeader(msg: FetchMessageObject, snippet: string): MessageHeader {
  const env = msg.envelope;
  return {
    uid: String(msg.uid),
    ...(env?.messageId ? { messageId: env.messageId } : {}),
    from: addresses(env?.from),
    to: addresses(env?.to),
    subject: env?.subject ?? '',
    date: isoDate(msg),
    flags: visibleFlags(msg.flags),
    size: msg.size ?? 0,
    hasAttachments: hasAttachments(msg.bodyStructure),
    snippet,
  };
}

/** Fetch headers and snippets for `uids` (any order); returns them in the order of `uids`. */
export async function fetchHeaders(client: ImapFlow, uids: number[]): Promise<MessageHeader[]> {
  if (uids.length === 0) return [];
  const msgs = await client.fetchAll(
    uids.join(','),
    { uid: true, flags: true, envelope: true, size: true, bodyStructure: true, internalDate: true },
    { uid: true },
  );
  // One partial FETCH per distinct (section, size): most messages share section "1" or "1.1".
  const parts = new Map<number, SnippetPart>();
  const groups = new Map<string, number[]>();
  for (const m of msgs) {
    const p = snippetPart(m.bodyStructure);
    if (!p) continue;
    parts.set(m.uid, p);
    const key = `${p.section}|${p.html ? SNIPPET_BYTES.html : SNIPPET_BYTES.text}`;
    groups.set(key, [...(groups.get(key) ?? []), m.uid]);
  }
  const snippets = new Map<number, string>();
  for (const [key, group] of groups) {
    const [section, bytes] = key.split('|');
    const res = await client.fetchAll(
      group.join(','),
      { uid: true, bodyParts: [{ key: section, start: 0, maxLength: Number(bytes) }] },
      { uid: true },
    );
    for (const r of res) {
      const data = r.bodyParts?.get(section) ?? [...(r.bodyParts?.values() ?? [])][0];
      const part = parts.get(r.uid);
      if (data && part) snippets.set(r.uid, snippetFromPart(data, part));
    }
  }
  const byUid = new Map(msgs.map((m) => [m.uid, m]));
  return uids.flatMap((uid) => {
    const m = byUid.get(uid);
    return m ? [toHeader(m, snippets.get(uid) ?? '')] : [];
  });
}
