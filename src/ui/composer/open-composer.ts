/**
 * Starts a draft and returns its id: the one entry point for New message, Reply, Reply all and
 * Forward. The draft is written to IndexedDB before the composer shows, so even a popup closed
 * at once keeps it.
 */
import type { AccountView, MessageBody, MessageRef } from '../../protocol/model';
import { putDraft, type DraftKind, type DraftRecord } from '../../store/drafts';
import { startDraft, type DraftStart } from './reply-draft';

export interface ComposeSource {
  ref: MessageRef;
  body: Pick<MessageBody, 'header' | 'text' | 'html' | 'replyContext' | 'attachments'>;
}

/** Addresses that are the account's own (left out of Reply all). */
export function ownAddresses(account: Pick<AccountView, 'user' | 'smtp'> | undefined): string[] {
  return [account?.user, account?.smtp?.address].filter((a): a is string => !!a && a.includes('@'));
}

const EMPTY: DraftStart = { kind: 'new', to: '', cc: '', bcc: '', subject: '', text: '' };

/**
 * Creates the draft for `kind` from `account` (for replies and forwards, of `source`, which must
 * be given then) and returns its id.
 */
export async function openComposer(
  kind: DraftKind,
  account: Pick<AccountView, 'id' | 'user' | 'smtp'>,
  source?: ComposeSource,
  now: () => number = Date.now,
): Promise<string> {
  if (kind !== 'new' && !source) throw new Error(`${kind} needs the message it answers`);
  const start =
    kind === 'new' || !source ? EMPTY : startDraft(kind, source.ref, source.body, ownAddresses(account), undefined);
  const draft: DraftRecord = {
    ...start,
    id: crypto.randomUUID(),
    accountId: account.id,
    status: 'editing',
    createdAt: now(),
    updatedAt: now(),
  };
  await putDraft(draft);
  return draft.id;
}
