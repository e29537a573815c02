/**
 * RETR content → `MessageBody`, small enough for one native-messaging reply: Chrome caps a
 * host-to-browser message at 1 MB, so text and HTML are cut until the JSON is well under it.
 */
import { replyContextOf } from '../reply-context';
import type { MessageBody, MessageHeader, MessageRef } from '../../protocol';
import { headerOf, parseMail } from './parse-mail';

/** Budget for the whole serialized reply (leaves room for the envelope). */
export const MAX_REPLY_BYTES = 900_000;
const MAX_ATTACHMENTS = 100;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Shorten the longer of text/html until the reply fits; sets `truncated` if anything was cut. */
export function fitReply(body: MessageBody, limit = MAX_REPLY_BYTES): MessageBody {
  let out = body;
  for (let i = 0; i < 30; i++) {
    const excess = jsonBytes(out) - limit;
    if (excess <= 0) return out;
    const field = (out.html?.length ?? 0) >= (out.text?.length ?? 0) ? 'html' : 'text';
    const value = out[field] ?? '';
    // Every character costs at least one byte of JSON, so cutting `excess` characters (plus a
    // margin) always makes progress; escaping can only make the cut larger than needed.
    const keep = Math.max(0, value.length - excess - 1024);
    out = { ...out, [field]: value.slice(0, keep), truncated: true };
  }
  return { ...out, text: '', html: undefined, truncated: true };
}

/**
 * Parse a (possibly truncated) RETR result. `header` gives the flags and size known from the
 * session; the parsed header fields replace what TOP gave.
 */
export async function bodyFromRetr(
  ref: MessageRef,
  raw: Buffer,
  retrTruncated: boolean,
  size: number,
  flags: string[],
  fallbackDate: string,
): Promise<MessageBody> {
  const email = await parseMail(raw);
  const header: MessageHeader = headerOf(ref.uid, email, size, flags, fallbackDate);
  const body: MessageBody = {
    ref,
    header,
    text: email.text,
    html: email.html,
    attachments: email.attachments.slice(0, MAX_ATTACHMENTS).map((a) => ({
      filename: (a.filename ?? '').slice(0, 255),
      contentType: a.mimeType.slice(0, 255),
      size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
    })),
    // A cut attachment list is a cut body too: the reader says so.
    truncated: retrTruncated || email.attachments.length > MAX_ATTACHMENTS,
    ...replyContextOf(email),
  };
  return fitReply(body);
}
