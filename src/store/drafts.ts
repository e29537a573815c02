/**
 * Drafts of messages being written in the popup, kept until they are sent or discarded, so
 * closing the popup never loses one. The page that edits a draft writes its text here itself (a
 * popup can close at any keystroke; a message to the background could be lost with it); the
 * background changes only the send state. Every change is a read-modify-write in one
 * transaction, so the two never overwrite each other's fields.
 */
import type { ErrorCode } from '../protocol/errors';
import type { MessageRef } from '../protocol/model';
import type { SendResult } from '../protocol/send';
import { openMailDb, type MailDb } from './db';

export type DraftKind = 'new' | 'reply' | 'replyAll' | 'forward';

/**
 * `editing` until the user sends; `queued` waits for the bridge (offline, or a retryable error);
 * `sending` while a try runs; `failed` (the error says why, the text is kept), `uncertain` (an
 * earlier try may have gone out: the user decides), `sent`.
 */
export type DraftStatus = 'editing' | 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain';

export interface DraftRecord {
  id: string;
  accountId: string;
  kind: DraftKind;
  /** Recipients as typed ("Bob <bob@example.com>, carol@example.com"); parsed at send time. */
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string[];
  answers?: MessageRef;
  forwardsAttachmentsOf?: MessageRef;
  /** The forwarded message's attachments, as the reader listed them (shown in the composer). */
  forwardAttachments?: { filename: string; size: number }[];
  status: DraftStatus;
  /** Fixed the first time the draft is queued and never changed: the send's idempotency key. */
  messageId?: string;
  date?: string;
  error?: { code: ErrorCode | string; message: string; retryable: boolean };
  result?: Pick<SendResult, 'sentCopy' | 'alreadySent' | 'attachmentsLeftOut' | 'copyDetail'>;
  createdAt: number;
  updatedAt: number;
}

export async function getDraft(id: string, db?: MailDb): Promise<DraftRecord | undefined> {
  return (db ?? (await openMailDb())).get('drafts', id);
}

/** Every draft, newest change first. */
export async function listDrafts(db?: MailDb): Promise<DraftRecord[]> {
  const all = await (db ?? (await openMailDb())).getAll('drafts');
  return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function putDraft(draft: DraftRecord, db?: MailDb): Promise<void> {
  await (db ?? (await openMailDb())).put('drafts', draft);
}

/**
 * Changes a draft in one transaction; `change` sees the stored record and returns the fields to
 * set, or undefined to leave it. Resolves with the record after the change (undefined when gone).
 */
export async function updateDraft(
  id: string,
  change: (draft: DraftRecord) => Partial<DraftRecord> | undefined,
  db?: MailDb,
  now: () => number = Date.now,
): Promise<DraftRecord | undefined> {
  const tx = (db ?? (await openMailDb())).transaction('drafts', 'readwrite');
  const draft = await tx.store.get(id);
  const patch = draft && change(draft);
  let next = draft;
  if (draft && patch) {
    next = { ...draft, ...patch, updatedAt: now() };
    await tx.store.put(next);
  }
  await tx.done;
  return next;
}

export async function deleteDraft(id: string, db?: MailDb): Promise<void> {
  await (db ?? (await openMailDb())).delete('drafts', id);
}
