/**
 * Sending mail (`message.send`): the draft as the extension hands it to the bridge, and what the
 * bridge did with it. Every header value a user typed is checked here for CR, LF and NUL, so a
 * value that could start a new header (RFC 5322 §2.2, header injection) is refused at both ends
 * before anything reaches SMTP.
 */
import * as v from 'valibot';
import { AccountIdString, boundedList, boundedString, MessageRef, nonEmptyString } from './model';
import { MAX_LEN } from './limits';

/** Recipients of one message across To, Cc and Bcc (RFC 5321 §4.5.3.1.8 asks servers for 100). */
export const MAX_RECIPIENTS = 100;
/** Message-IDs kept in a reply's References (RFC 5322 §3.6.4 lets it grow; servers cut long lines). */
export const MAX_REFERENCES = 20;
/** Attachments the bridge forwards at most, in bytes of decoded content together. */
export const FORWARD_ATTACHMENT_CAP = 20 * 1024 * 1024;

/** True when `s` holds no CR, LF or NUL: it cannot end a header line or hide one. */
export function isSafeHeaderValue(s: string): boolean {
  return !/[\r\n\0]/.test(s);
}

const HeaderText = (max: number) =>
  v.pipe(v.string(), v.maxLength(max), v.check(isSafeHeaderValue, 'no line breaks or NUL in a header value'));

/** Characters an address atom may not hold: space, controls, DEL and RFC 5322 specials. */
const hasUnsafeChar = (s: string) =>
  [...s].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f || '<>()[]\\,;:"'.includes(c));

/** `local@domain.tld` with no spaces, angle brackets or control characters (RFC 5321 §4.1.2). */
export function isPlainAddress(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at < 1 || s.indexOf('@') !== at) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  return !hasUnsafeChar(local) && !hasUnsafeChar(domain) && /^[^.]+(\.[^.]+)+$/.test(domain);
}

export const Recipient = v.object({
  name: v.optional(HeaderText(MAX_LEN.name)),
  address: v.pipe(v.string(), v.maxLength(MAX_LEN.user), v.check(isPlainAddress, 'an e-mail address')),
});
export type Recipient = v.InferOutput<typeof Recipient>;

/** `<id-left@id-right>` (RFC 5322 §3.6.4 msg-id), without spaces or control characters. */
export function isMessageId(s: string): boolean {
  return s.length <= MAX_LEN.messageId && /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(s);
}
export const MessageIdString = v.pipe(v.string(), v.check(isMessageId, 'a Message-ID such as <id@host>'));

const Recipients = boundedList(Recipient, MAX_RECIPIENTS);

/** What the user wants when the bridge cannot tell whether an earlier try went out. */
export const UncertainChoice = v.picklist(['resend', 'markSent']);

export const SendParams = v.pipe(
  v.object({
    accountId: AccountIdString,
    /** Made when the draft was queued; the key that keeps a retried send from going out twice. */
    messageId: MessageIdString,
    /** ISO 8601, fixed when the draft was queued so every try builds the same message. */
    date: nonEmptyString(40),
    from: Recipient,
    to: Recipients,
    cc: Recipients,
    bcc: Recipients,
    subject: HeaderText(MAX_LEN.subject),
    /** Plain text (the composer has no HTML). */
    text: boundedString(MAX_LEN.body),
    inReplyTo: v.optional(MessageIdString),
    references: v.optional(boundedList(MessageIdString, MAX_REFERENCES)),
    /** The message answered: it gets `\Answered` (IMAP) after the send. */
    answers: v.optional(MessageRef),
    /** The message forwarded: its attachments go along while they fit FORWARD_ATTACHMENT_CAP. */
    forwardsAttachmentsOf: v.optional(MessageRef),
    /** Only after SEND_UNCERTAIN: send once more, or record it as sent without sending. */
    uncertain: v.optional(UncertainChoice),
  }),
  v.check((p) => p.to.length + p.cc.length + p.bcc.length > 0, 'at least one recipient'),
  v.check((p) => p.to.length + p.cc.length + p.bcc.length <= MAX_RECIPIENTS, `at most ${MAX_RECIPIENTS} recipients`),
);
export type SendParams = v.InferOutput<typeof SendParams>;

/**
 * Where the copy of a sent message is: `appended` by the bridge now, `present` (already in Sent,
 * found by Message-ID), `server` (the provider files SMTP mail itself), `none` (not wanted, or a
 * POP3 account), `failed` (the send went out but the APPEND did not; `copyDetail` says why).
 */
export const SentCopy = v.picklist(['appended', 'present', 'server', 'none', 'failed']);
export type SentCopy = v.InferOutput<typeof SentCopy>;

export const SendResult = v.object({
  messageId: MessageIdString,
  accepted: boundedList(boundedString(MAX_LEN.user), MAX_RECIPIENTS),
  /** Recipients the server refused while it took the others (RFC 5321 §3.3). */
  rejected: boundedList(boundedString(MAX_LEN.user), MAX_RECIPIENTS),
  /** True when an earlier try had gone out already and this one did not send again. */
  alreadySent: v.boolean(),
  sentCopy: SentCopy,
  copyDetail: v.optional(boundedString(MAX_LEN.detail)),
  /** The answered message now carries `\Answered`. */
  answered: v.boolean(),
  /** Attachments of a forwarded message that were left out (over the size cap). */
  attachmentsLeftOut: v.optional(
    boundedList(v.object({ filename: boundedString(255), size: v.pipe(v.number(), v.integer(), v.minValue(0)) }), 100),
  ),
});
export type SendResult = v.InferOutput<typeof SendResult>;
