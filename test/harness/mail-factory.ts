/**
 * Builds RFC 5322 messages for tests: plain, HTML, multipart/alternative and multipart/mixed with
 * attachments. Lines end in CRLF (RFC 5322 §2.1); bodies are 7bit or base64 so any content survives.
 */
import { randomBytes } from 'node:crypto';

/** An attachment to put into a multipart/mixed message. */
export interface MailAttachment {
  filename: string;
  contentType?: string;
  content: string | Buffer;
}

/** What a test message is made of; everything optional. */
export interface MailSpec {
  from?: string;
  to?: string;
  subject?: string;
  date?: Date;
  messageId?: string;
  text?: string;
  html?: string;
  attachments?: MailAttachment[];
  /** Extra header lines, e.g. { 'X-Test': '1' }. */
  headers?: Record<string, string>;
}

let counter = 0;

/** A unique Message-ID (RFC 5322 §3.6.4). */
export function makeMessageId(): string {
  counter += 1;
  return `<${Date.now().toString(36)}.${counter}.${randomBytes(4).toString('hex')}@test.mailglance>`;
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

function textPart(contentType: string, body: string): string {
  // base64 keeps long lines and non-ASCII intact without implementing quoted-printable.
  return (
    `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
    base64Lines(Buffer.from(body, 'utf8')) +
    '\r\n'
  );
}

function multipart(subtype: string, parts: string[]): string {
  const boundary = `=_mg_${randomBytes(8).toString('hex')}`;
  const body = parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n') + `\r\n--${boundary}--\r\n`;
  return `Content-Type: multipart/${subtype}; boundary="${boundary}"\r\n\r\n${body}`;
}

function bodyEntity(spec: MailSpec): string {
  const text = spec.text ?? (spec.html === undefined ? 'Hello from the Mailglance test suite.' : undefined);
  const alternatives: string[] = [];
  if (text !== undefined) alternatives.push(textPart('text/plain', text));
  if (spec.html !== undefined) alternatives.push(textPart('text/html', spec.html));
  const content = alternatives.length === 1 ? alternatives[0] : multipart('alternative', alternatives);
  if (!spec.attachments?.length) return content;
  const atts = spec.attachments.map((a) => {
    const data = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content;
    const type = a.contentType ?? 'application/octet-stream';
    return (
      `Content-Type: ${type}; name="${a.filename}"\r\nContent-Transfer-Encoding: base64\r\n` +
      `Content-Disposition: attachment; filename="${a.filename}"\r\n\r\n${base64Lines(data)}\r\n`
    );
  });
  return multipart('mixed', [content, ...atts]);
}

/** Build one message as a string with CRLF line ends. */
export function buildMessage(spec: MailSpec = {}): string {
  const headers = [
    `From: ${spec.from ?? 'Sender <sender@example.com>'}`,
    `To: ${spec.to ?? 'alice@localhost'}`,
    `Subject: ${spec.subject ?? 'Test message'}`,
    `Date: ${(spec.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${spec.messageId ?? makeMessageId()}`,
    'MIME-Version: 1.0',
    ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  return headers.join('\r\n') + '\r\n' + bodyEntity(spec);
}
