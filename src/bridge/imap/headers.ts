/**
 * Message headers for the list: the newest N unread messages of the selected mailbox, with a
 * snippet read from a small partial FETCH of the text part. The number of envelopes fetched
 * depends on N, never on the mailbox size (docs/architecture.md: 10,000 messages, newest 50 = 16.8 KB).
 * Callers hold the mailbox lock.
 */
import type { FetchMessageObject, ImapFlow, MessageAddressObject } from 'imapflow';
import { MAX_ITEMS, MAX_LEN, type Address, type MessageHeader } from '../../protocol';
import { hasAttachments, partAt, snippetPart, type SnippetPart } from './structure';
import { firstSubpartBody, SNIPPET_MAX, snippetFromPart } from './snippet';

/** Newest unread messages per snapshot. */
export const SNAPSHOT_SIZE = 50;
/** Bytes of a text part fetched for a snippet; HTML needs more (head/style come first). */
const SNIPPET_BYTES = { text: 2048, html: 8192 };
/**
 * The start of section 1 comes with the envelopes, before the BODYSTRUCTURE says which part to
 * preview: in most mail it is that part (a single-part message, or the text/plain of a
 * multipart/alternative), or holds its start (multipart/mixed around an alternative). One FETCH
 * then lists a message instead of two.
 */
const FIRST_PART = { key: '1', start: 0, maxLength: SNIPPET_BYTES.text };

/** The FETCH items `toHeader` reads; BODYSTRUCTURE is added where it can be parsed (snippet, attachments). */
export const HEADER_ITEMS = { uid: true, flags: true, envelope: true, size: true, internalDate: true } as const;

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
    // Messages marked \Deleted wait for a purge and are not listed (status.ts).
    const found = (await client.search({ seq: `${start}:*`, seen: false, deleted: false }, { uid: true })) || [];
    if (found.length >= n || start === 1) return [...found].sort((a, b) => b - a).slice(0, n);
    window *= 4;
  }
}

/** `s` cut to `max` UTF-16 units without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/**
 * Addresses with the caps POP3 uses (pop3/parse-mail.ts): at most 50, names 200 and addresses
 * 320 characters. A server passes on headers of any length (Dovecot took six of ~100 KB), and
 * uncapped they pushed a snapshot over the 1 MB message limit.
 */
function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? [])
    .filter((a) => a.address || a.name)
    .slice(0, MAX_ITEMS.addresses)
    .map((a) => {
      const address = cut(a.address ?? '', MAX_LEN.user);
      return a.name ? { name: cut(a.name, MAX_LEN.name), address } : { address };
    });
}

function isoDate(msg: FetchMessageObject): string {
  const d = msg.envelope?.date ?? msg.internalDate;
  const date = d instanceof Date ? d : d ? new Date(d) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : new Date(0).toISOString();
}

/** Flags as the protocol carries them: without \Recent, which is per-session (RFC 9051 drops it). */
export function visibleFlags(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((f) => f !== '\\Recent' && f.length <= MAX_LEN.token).slice(0, MAX_ITEMS.flags);
}

/** Protocol header from a FETCH of (UID FLAGS ENVELOPE RFC822.SIZE BODYSTRUCTURE INTERNALDATE). */
export function toHeader(msg: FetchMessageObject, snippet: string): MessageHeader {
  const env = msg.envelope;
  return {
    uid: String(msg.uid),
    ...(env?.messageId ? { messageId: cut(env.messageId, MAX_LEN.messageId) } : {}),
    from: addresses(env?.from),
    to: addresses(env?.to),
    subject: cut(env?.subject ?? '', MAX_LEN.subject),
    date: isoDate(msg),
    flags: visibleFlags(msg.flags),
    size: Number.isSafeInteger(msg.size) && (msg.size ?? 0) >= 0 ? (msg.size as number) : 0,
    hasAttachments: hasAttachments(msg.bodyStructure),
    snippet,
  };
}

/** Subject of a message whose FETCH response could not be read at all. */
export const UNREADABLE_SUBJECT = '(unreadable message)';

/** The header of a message the server counts but whose FETCH response imapflow could not read. */
export function unreadableHeader(uid: number): MessageHeader {
  return {
    uid: String(uid),
    from: [],
    to: [],
    subject: UNREADABLE_SUBJECT,
    date: new Date(0).toISOString(),
    flags: [],
    size: 0,
    hasAttachments: false,
    snippet: '',
  };
}

/**
 * FETCH `uids` with BODYSTRUCTURE; a message whose response imapflow cannot parse (a MIME tree
 * nested deeper than its parser allows) is skipped by imapflow and comes back missing. Those are
 * fetched again without BODYSTRUCTURE (ENVELOPE only), so every message the badge counts can be
 * listed; what still cannot be read becomes `unreadableHeader` in `fetchHeaders`.
 */
async function fetchEnvelopes(client: ImapFlow, uids: number[]): Promise<FetchMessageObject[]> {
  const msgs = await client.fetchAll(
    uids.join(','),
    { ...HEADER_ITEMS, bodyStructure: true, bodyParts: [FIRST_PART] },
    { uid: true },
  );
  const seen = new Set(msgs.map((m) => m.uid));
  const missing = uids.filter((uid) => !seen.has(uid));
  if (missing.length === 0) return msgs;
  const plain = await client.fetchAll(missing.join(','), HEADER_ITEMS, { uid: true });
  return [...msgs, ...plain];
}

/**
 * The snippet from the start of section 1 fetched with the envelope, when that start is enough:
 * the whole `part`, or a full-length snippet, or a text/plain section 1 (exactly what its own
 * FETCH would read). Undefined: fetch the part itself.
 */
function snippetFromFirstPart(msg: FetchMessageObject, part: SnippetPart): string | undefined {
  // The only body part this FETCH asked for (imapflow may key a partial one as "1]<0>").
  const data = msg.bodyParts?.get(FIRST_PART.key) ?? [...(msg.bodyParts?.values() ?? [])][0];
  if (!data) return undefined;
  let body = data;
  let whole = data.length < FIRST_PART.maxLength;
  if (part.section !== '1') {
    // Section 1.1 (1.1.1): the first leaf under multiparts at 1 (1.1); each has its boundary.
    const levels = part.section.split('.');
    if (levels.some((l) => l !== '1')) return undefined;
    const boundaries = levels.slice(1).map((_, i) => partAt(msg.bodyStructure, levels.slice(0, i + 1).join('.')));
    const names = boundaries.map((n) =>
      n?.type.toLowerCase().startsWith('multipart/') ? n.parameters?.boundary : undefined,
    );
    if (names.some((b) => !b)) return undefined;
    const inner = firstSubpartBody(data, names as string[]);
    if (!inner) return undefined;
    ({ body, whole } = inner);
  }
  const snippet = snippetFromPart(body, part);
  const enough = whole || snippet.length >= SNIPPET_MAX || (part.section === '1' && !part.html);
  return enough ? snippet : undefined;
}

/**
 * Fetch headers and snippets for `uids` (any order); returns them in the order of `uids`. A uid
 * the server no longer has (expunged meanwhile) is left out; one whose response could not be read
 * gets a minimal header instead.
 */
export async function fetchHeaders(client: ImapFlow, uids: number[]): Promise<MessageHeader[]> {
  if (uids.length === 0) return [];
  const msgs = await fetchEnvelopes(client, uids);
  // One partial FETCH per distinct (section, size): most messages share section "1" or "1.1".
  const parts = new Map<number, SnippetPart>();
  const groups = new Map<string, number[]>();
  const snippets = new Map<number, string>();
  for (const m of msgs) {
    const p = snippetPart(m.bodyStructure);
    if (!p) continue;
    const early = snippetFromFirstPart(m, p);
    if (early !== undefined) {
      snippets.set(m.uid, early);
      continue;
    }
    parts.set(m.uid, p);
    const key = `${p.section}|${p.html ? SNIPPET_BYTES.html : SNIPPET_BYTES.text}`;
    groups.set(key, [...(groups.get(key) ?? []), m.uid]);
  }
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
  // Present on the server but unreadable twice: list it rather than hide a counted message.
  const unreadable = uids.filter((uid) => !byUid.has(uid));
  const present = unreadable.length
    ? new Set((await client.search({ uid: unreadable.join(',') }, { uid: true })) || [])
    : new Set<number>();
  return uids.flatMap((uid) => {
    const m = byUid.get(uid);
    if (m) return [toHeader(m, snippets.get(uid) ?? '')];
    return present.has(uid) ? [unreadableHeader(uid)] : [];
  });
}
