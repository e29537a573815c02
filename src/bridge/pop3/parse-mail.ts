/**
 * Mail parsing shared by previews (TOP) and bodies (RETR): postal-mime output turned into the
 * protocol's header shape. Mail is hostile input: every string is bounded and nothing here
 * trusts a header to be well-formed.
 */
import type { Address as PmAddress, Email } from 'postal-mime';
import type { Address, MessageHeader } from '../../protocol';

const MAX_SUBJECT = 1000;
const MAX_ADDRESSES = 50;
export const SNIPPET_MAX = 200;

/** Stands in for a message postal-mime could not parse. */
export const EMPTY_MAIL: Email = { headers: [], headerLines: [], attachments: [] };

/** Parse raw mail with limits suited to a bridge that must not be taken down by one message. */
export async function parseMail(raw: Buffer): Promise<Email> {
  // Loaded on the first message parsed, not at start (see imap/connection.ts).
  const { default: PostalMime } = await import('postal-mime');
  return PostalMime.parse(raw, {
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: 20,
    maxHeadersSize: 256 * 1024,
    maxRfc822NestingDepth: 2,
  });
}

/** Addresses with groups flattened, bounded like every header (50 entries, 200/320 characters). */
export function flatten(list: readonly PmAddress[] | undefined): Address[] {
  const out: Address[] = [];
  for (const a of list ?? []) {
    if (a.group) out.push(...flatten(a.group));
    else
      out.push(
        a.name
          ? { name: a.name.slice(0, 200), address: a.address.slice(0, 320) }
          : { address: a.address.slice(0, 320) },
      );
    if (out.length >= MAX_ADDRESSES) break;
  }
  return out.slice(0, MAX_ADDRESSES);
}

/** Crude HTML → text for a snippet only (the real HTML is sanitized by the extension). */
function htmlToPlain(html: string): string {
  return html
    .slice(0, 20_000)
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;/g, "'");
}

/** At most 200 characters of plain text, whitespace collapsed. */
export function snippetOf(email: Pick<Email, 'text' | 'html'>): string {
  const source = email.text ?? (email.html ? htmlToPlain(email.html) : '');
  return source.slice(0, 4000).replace(/\s+/g, ' ').trim().slice(0, SNIPPET_MAX);
}

/** ISO 8601 from the Date header, or `fallback` when it is missing or does not parse. */
function isoDate(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  const t = Date.parse(value);
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}

/**
 * Whether the message has attachments. From TOP only the first lines are known, so a
 * multipart/mixed top-level type counts too (RFC 2046 §5.1.3: mixed carries independent parts).
 */
function hasAttachments(email: Email): boolean {
  // Inline images referenced from the HTML (related) are part of the body, not attachments.
  if (email.attachments.some((a) => !a.related)) return true;
  const ct = email.headers.find((h) => h.key === 'content-type')?.value ?? '';
  return /^\s*multipart\/mixed/i.test(ct);
}

/** The protocol header for a parsed message. */
export function headerOf(
  uid: string,
  email: Email,
  size: number,
  flags: string[],
  fallbackDate: string,
): MessageHeader {
  return {
    uid,
    messageId: email.messageId?.slice(0, 998),
    from: flatten(email.from ? [email.from] : []),
    to: flatten(email.to),
    subject: (email.subject ?? '').slice(0, MAX_SUBJECT),
    date: isoDate(email.date, fallbackDate),
    flags,
    size,
    hasAttachments: hasAttachments(email),
    snippet: snippetOf(email),
  };
}
