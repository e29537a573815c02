/**
 * What Reply, Reply all and Forward start with: recipients, a subject prefixed once, the quoted
 * original and the threading headers (RFC 5322 §3.6.4). Pure, so every rule is tested alone.
 */
import type { Address, MessageBody, MessageRef } from '../../protocol/model';
import { MAX_REFERENCES } from '../../protocol/send';
import type { DraftKind, DraftRecord } from '../../store/drafts';

/** Prefixes other clients put on replies and forwards (English, German, Nordic, French, ...). */
const REPLY_PREFIX = /^\s*(re|aw|sv|vs|antw|ref|r)\s*(\[\d+\])?\s*:/i;
const FORWARD_PREFIX = /^\s*(fwd?|wg|tr|vs|enc|rv)\s*(\[\d+\])?\s*:/i;

/** "Re: " added once: a subject that already starts with a reply prefix is kept as it is. */
export function replySubject(subject: string): string {
  const s = subject.trim();
  return REPLY_PREFIX.test(s) ? s : `Re: ${s}`;
}

/** "Fwd: " added once. */
export function forwardSubject(subject: string): string {
  const s = subject.trim();
  return FORWARD_PREFIX.test(s) ? s : `Fwd: ${s}`;
}

/** `Name <address>`, the name quoted when it holds characters with a meaning in an address list. */
export function formatAddress(a: Address): string {
  if (!a.name) return a.address;
  const name = /[",;:<>()[\]\\@.]/.test(a.name) ? `"${a.name.replace(/["\\]/g, '\\$&')}"` : a.name;
  return `${name} <${a.address}>`;
}

export const formatAddressList = (list: readonly Address[]) => list.map(formatAddress).join(', ');

/** The visible text of HTML mail, through an inert document: nothing runs and nothing loads. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('script, style, head').forEach((n) => n.remove());
  doc.querySelectorAll('br').forEach((n) => n.replaceWith('\n'));
  doc.querySelectorAll('p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote').forEach((n) => n.append('\n'));
  return (doc.body?.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

/** The original as plain text: its text part, else the text of its HTML. */
export function originalText(body: Pick<MessageBody, 'text' | 'html'>): string {
  if (body.text?.trim()) return body.text.replace(/\r\n/g, '\n').trimEnd();
  return body.html ? htmlToText(body.html) : '';
}

/** `> ` before every line (an already quoted line gets `>` so it reads `>> `), RFC 3676 §4.5 style. */
export function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
}

/** "On <date>, <sender> wrote:" */
export function attribution(header: MessageBody['header'], locale?: string): string {
  const who = header.from[0] ? formatAddress(header.from[0]) : 'someone';
  const date = new Date(header.date);
  const when = Number.isNaN(date.getTime())
    ? header.date
    : date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return `On ${when}, ${who} wrote:`;
}

const lower = (s: string) => s.trim().toLowerCase();

/** Addresses without `own` ones and without repeats, in order. */
function others(list: readonly Address[], own: ReadonlySet<string>, seen = new Set<string>()): Address[] {
  return list.filter((a) => {
    const key = lower(a.address);
    if (!key || own.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The parent's References plus its Message-ID, the last MAX_REFERENCES of them. */
export function referencesFor(body: Pick<MessageBody, 'header' | 'replyContext'>): string[] | undefined {
  const parent = body.header.messageId?.trim();
  const refs = [...(body.replyContext?.references ?? [])];
  if (parent && !refs.includes(parent)) refs.push(parent);
  const valid = refs.filter((r) => /^<[^<>\s@]+@[^<>\s@]+>$/.test(r));
  return valid.length ? valid.slice(-MAX_REFERENCES) : undefined;
}

export type DraftStart = Pick<
  DraftRecord,
  | 'kind'
  | 'to'
  | 'cc'
  | 'bcc'
  | 'subject'
  | 'text'
  | 'inReplyTo'
  | 'references'
  | 'answers'
  | 'forwardsAttachmentsOf'
  | 'forwardAttachments'
>;

/**
 * The start of a reply, reply-all or forward of `body` (at `ref`), written from an account whose
 * own addresses are `own` (left out of Reply all).
 */
export function startDraft(
  kind: Exclude<DraftKind, 'new'>,
  ref: MessageRef,
  body: Pick<MessageBody, 'header' | 'text' | 'html' | 'replyContext' | 'attachments'>,
  own: readonly string[],
  locale?: string,
): DraftStart {
  const { header } = body;
  const original = originalText(body);
  if (kind === 'forward') {
    const lines = [
      '---------- Forwarded message ----------',
      `From: ${formatAddressList(header.from)}`,
      `Date: ${header.date}`,
      `Subject: ${header.subject}`,
      `To: ${formatAddressList(header.to)}`,
      '',
      original,
    ];
    return {
      kind,
      to: '',
      cc: '',
      bcc: '',
      subject: forwardSubject(header.subject),
      text: `\n\n${lines.join('\n')}`,
      ...(body.attachments.length
        ? {
            forwardsAttachmentsOf: ref,
            forwardAttachments: body.attachments.map((a) => ({ filename: a.filename, size: a.size })),
          }
        : {}),
    };
  }
  const ownSet = new Set(own.map(lower));
  const replyTo = body.replyContext?.replyTo.length ? body.replyContext.replyTo : header.from;
  const seen = new Set<string>();
  const to = others(replyTo, ownSet, seen);
  const cc = kind === 'replyAll' ? others([...header.to, ...(body.replyContext?.cc ?? [])], ownSet, seen) : [];
  // Answering one's own message: reply to where it went, not to oneself.
  const toFinal = to.length ? to : kind === 'reply' ? others(header.to, new Set(), new Set()) : to;
  const messageId = header.messageId?.trim();
  return {
    kind,
    to: formatAddressList(toFinal),
    cc: formatAddressList(cc),
    bcc: '',
    subject: replySubject(header.subject),
    text: `\n\n${attribution(header, locale)}\n${quote(original)}\n`,
    ...(messageId && /^<[^<>\s@]+@[^<>\s@]+>$/.test(messageId) ? { inReplyTo: messageId } : {}),
    references: referencesFor(body),
    answers: ref,
  };
}
