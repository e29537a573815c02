/**
 * One message body for the reading pane, parsed with postal-mime. Two caps keep hostile or huge
 * mail in check (docs/architecture.md "Mail is hostile input"): at most `sourceBytes` of the message are
 * downloaded, and text + HTML are cut so the JSON reply stays well under Chrome's 1 MB
 * host-to-browser limit; the attachment list is capped too (a message can have thousands of
 * parts). Any cut sets `truncated: true`.
 */
import type { FetchMessageObject, ImapFlow, MessageStructureObject } from 'imapflow';
import { BridgeError, ErrorCode, type MessageBody, type MessageRef } from '../../protocol';
import { replyContextOf } from '../reply-context';
import { HEADER_ITEMS, toHeader } from './headers';
import { htmlToText, makeSnippet } from './snippet';
import type { LockFn } from './work-lock';

export interface BodyLimits {
  /** Bytes of message source downloaded at most. */
  sourceBytes: number;
  /** JSON-encoded bytes of text + html at most. */
  textBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { sourceBytes: 5 * 1024 * 1024, textBytes: 900 * 1024 };

/**
 * At most this many attachments are listed, each name and type at most `MAX_ATTACHMENT_FIELD`
 * characters: the same caps as POP3 (pop3/body.ts). 100 entries of 2 × 255 characters stay far
 * below the 1 MB reply limit, next to the text budget; a hostile message with 10,000 parts
 * would otherwise add megabytes of JSON.
 */
export const MAX_ATTACHMENTS = 100;
export const MAX_ATTACHMENT_FIELD = 255;

type Attachments = MessageBody['attachments'];

/** The first MAX_ATTACHMENTS of `all`, with long names cut; `truncated` when anything was cut. */
export function capAttachments(all: Attachments): { attachments: Attachments; truncated: boolean } {
  let truncated = all.length > MAX_ATTACHMENTS;
  const attachments = all.slice(0, MAX_ATTACHMENTS).map((a) => {
    if (a.filename.length <= MAX_ATTACHMENT_FIELD && a.contentType.length <= MAX_ATTACHMENT_FIELD) return a;
    truncated = true;
    return {
      ...a,
      filename: cutChars(a.filename, MAX_ATTACHMENT_FIELD),
      contentType: cutChars(a.contentType, MAX_ATTACHMENT_FIELD),
    };
  });
  return { attachments, truncated };
}

/** `s` cut to `max` UTF-16 units without splitting a surrogate pair. */
function cutChars(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const jsonBytes = (s: string) => Buffer.byteLength(JSON.stringify(s));

/** Cut `s` so that its JSON encoding takes at most `max` bytes; never splits a surrogate pair. */
export function cutToJsonBytes(s: string, max: number): string {
  let size = jsonBytes(s);
  if (size <= max) return s;
  let len = Math.floor((s.length * max) / size);
  for (;;) {
    if (len <= 0) return '';
    let cut = s.slice(0, len);
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
    size = jsonBytes(cut);
    if (size <= max) return cut;
    len = Math.floor(len * Math.min(0.98, max / size));
  }
}

/** Text gets up to a third of the budget when HTML is present (the popup prefers HTML). */
export function capTexts(text: string | undefined, html: string | undefined, budget: number) {
  const t = text ?? '';
  const h = html ?? '';
  if (jsonBytes(t) + jsonBytes(h) <= budget) return { text, html, truncated: false };
  const textCap = h ? Math.floor(budget / 3) : budget;
  const tOut = cutToJsonBytes(t, textCap);
  const hOut = cutToJsonBytes(h, Math.max(0, budget - jsonBytes(tOut)));
  return { text: text === undefined ? undefined : tOut, html: html === undefined ? undefined : hOut, truncated: true };
}

function structureAttachments(root: MessageStructureObject | undefined) {
  const out: MessageBody['attachments'] = [];
  const walk = (n: MessageStructureObject) => {
    if (n.childNodes?.length) return n.childNodes.forEach(walk);
    const filename = n.dispositionParameters?.filename ?? n.parameters?.name;
    if ((n.disposition ?? '').toLowerCase() === 'attachment' || (filename && !n.type.startsWith('text/'))) {
      // Base64 grows data by 4/3 (RFC 2045 §6.8); report the decoded estimate.
      const size = (n.encoding ?? '').toLowerCase() === 'base64' ? Math.floor(((n.size ?? 0) * 3) / 4) : (n.size ?? 0);
      out.push({ filename: filename ?? '', contentType: n.type, size });
    }
  };
  if (root) walk(root);
  return out;
}

/** Fetch and parse one message without setting \Seen (BODY.PEEK). Caller must not hold a lock. */
export async function fetchBody(
  client: ImapFlow,
  lockFn: LockFn,
  ref: MessageRef,
  limits: BodyLimits = DEFAULT_BODY_LIMITS,
): Promise<MessageBody> {
  const lock = await lockFn(ref.mailbox, true);
  let msg: FetchMessageObject | false | undefined;
  try {
    if (!client.mailbox || String(client.mailbox.uidValidity) !== ref.uidValidity) {
      throw new BridgeError(ErrorCode.MessageGone, `UIDVALIDITY of ${ref.mailbox} changed`);
    }
    msg = await client.fetchOne(
      ref.uid,
      { ...HEADER_ITEMS, bodyStructure: true, source: { start: 0, maxLength: limits.sourceBytes } },
      { uid: true },
    );
  } finally {
    lock.release();
  }
  if (!msg || !msg.source) throw new BridgeError(ErrorCode.MessageGone, `message ${ref.uid} is gone`);
  const sourceCut = (msg.size ?? 0) > limits.sourceBytes;
  // Loaded on the first message opened, not at start (see connection.ts).
  const { default: PostalMime } = await import('postal-mime');
  const parsed = await PostalMime.parse(msg.source, { attachmentEncoding: 'arraybuffer' });
  const listed = sourceCut
    ? structureAttachments(msg.bodyStructure)
    : parsed.attachments.map((a) => ({
        filename: a.filename ?? '',
        contentType: a.mimeType,
        size: typeof a.content === 'string' ? Buffer.byteLength(a.content) : a.content.byteLength,
      }));
  const { attachments, truncated: attachmentsCut } = capAttachments(listed);
  const snippet = makeSnippet(parsed.text ?? htmlToText(parsed.html ?? ''));
  const header = toHeader(msg, snippet);
  // The header and the attachment list travel in the same reply: they count in the budget.
  const context = replyContextOf(parsed);
  const overhead = Buffer.byteLength(JSON.stringify({ ref, header, attachments, ...context }));
  const capped = capTexts(parsed.text, parsed.html, Math.max(0, limits.textBytes - overhead));
  return {
    ref,
    header,
    ...(capped.text !== undefined ? { text: capped.text } : {}),
    ...(capped.html !== undefined ? { html: capped.html } : {}),
    attachments,
    truncated: sourceCut || capped.truncated || attachmentsCut,
    ...context,
  };
}
