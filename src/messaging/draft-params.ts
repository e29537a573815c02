/**
 * A draft as typed → the `message.send` params, checked with the protocol's own schema. The
 * composer uses it to show problems before sending; the background uses it to send. Address
 * lists are parsed with nodemailer's addressparser (RFC 5322 §3.4: names, quotes, groups), then
 * every address must be a plain `local@domain`.
 */
import addressparser from 'nodemailer/lib/addressparser';
import * as v from 'valibot';
import type { AccountView } from '../protocol/model';
import { isPlainAddress, MAX_RECIPIENTS, SendParams, type Recipient } from '../protocol/send';
import type { DraftRecord } from '../store/drafts';

export type RecipientField = 'to' | 'cc' | 'bcc';

export interface ParsedRecipients {
  recipients: Recipient[];
  /** What could not be read as an address, as typed. */
  invalid: string[];
}

/** Parses one recipient field ("Bob <bob@example.com>, carol@example.com"). */
export function parseRecipients(text: string): ParsedRecipients {
  const out: ParsedRecipients = { recipients: [], invalid: [] };
  for (const entry of addressparser(text, { flatten: true })) {
    if (!('address' in entry) || entry.address === undefined) continue;
    const address = entry.address.trim();
    const name = entry.name.trim();
    if (!address && !name) continue;
    if (!isPlainAddress(address) || /[\r\n\0]/.test(name))
      out.invalid.push(name && address ? `${name} <${address}>` : address || name);
    else out.recipients.push(name ? { name, address } : { address });
  }
  return out;
}

/** The From of an account: `smtp.address`, else its login when that is an address. */
export function senderOf(account: Pick<AccountView, 'user' | 'smtp'>): Recipient | undefined {
  const address = account.smtp?.address?.trim() || account.user.trim();
  if (!isPlainAddress(address)) return undefined;
  const name = account.smtp?.name?.trim();
  return name ? { name, address } : { address };
}

/** A new Message-ID on the sender's domain (RFC 5322 §3.6.4: unique, left part random). */
export function newMessageId(from: Recipient, random: () => string = () => crypto.randomUUID()): string {
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  return `<${random()}@${domain}>`;
}

export type DraftProblem =
  | { kind: 'invalidAddress'; field: RecipientField; value: string }
  | { kind: 'noRecipient' }
  | { kind: 'tooManyRecipients' }
  | { kind: 'noSender' }
  /** The bridge fetches forwarded attachments with the original's account only. */
  | { kind: 'forwardOtherAccount' }
  | { kind: 'invalid'; message: string };

/**
 * The params for `message.send`, or what is wrong. `messageId` and `date` must be fixed on the
 * draft already (the background does that when it queues it).
 */
export function draftToParams(
  draft: DraftRecord,
  account: Pick<AccountView, 'id' | 'user' | 'smtp'>,
): { params: SendParams } | { problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const fields = {} as Record<RecipientField, Recipient[]>;
  for (const field of ['to', 'cc', 'bcc'] as const) {
    const parsed = parseRecipients(draft[field]);
    fields[field] = parsed.recipients;
    for (const value of parsed.invalid) problems.push({ kind: 'invalidAddress', field, value });
  }
  const count = fields.to.length + fields.cc.length + fields.bcc.length;
  if (count === 0 && problems.length === 0) problems.push({ kind: 'noRecipient' });
  if (count > MAX_RECIPIENTS) problems.push({ kind: 'tooManyRecipients' });
  const from = senderOf(account);
  if (!from) problems.push({ kind: 'noSender' });
  if (problems.length) return { problems };
  // \Answered belongs to the answered message's own account; From may have been switched.
  const answers = draft.answers?.accountId === account.id ? draft.answers : undefined;
  if (draft.forwardsAttachmentsOf && draft.forwardsAttachmentsOf.accountId !== account.id)
    return { problems: [{ kind: 'forwardOtherAccount' }] };
  const candidate = {
    accountId: account.id,
    messageId: draft.messageId ?? newMessageId(from!),
    date: draft.date ?? new Date().toISOString(),
    from: from!,
    ...fields,
    subject: draft.subject,
    text: draft.text,
    ...(draft.inReplyTo ? { inReplyTo: draft.inReplyTo } : {}),
    ...(draft.references?.length ? { references: draft.references } : {}),
    ...(answers ? { answers } : {}),
    ...(draft.forwardsAttachmentsOf ? { forwardsAttachmentsOf: draft.forwardsAttachmentsOf } : {}),
  };
  const checked = v.safeParse(SendParams, candidate);
  if (!checked.success) {
    const issue = checked.issues[0];
    return { problems: [{ kind: 'invalid', message: `${v.getDotPath(issue) ?? 'draft'}: ${issue.message}` }] };
  }
  return { params: checked.output };
}
