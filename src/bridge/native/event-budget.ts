/**
 * Byte budget of the events that carry message headers. Chrome drops a host-to-browser message
 * above 1 MB (version.ts), and a dropped `mailbox.snapshot` left the badge and the list stale
 * through every resync: so snapshots are cut to fit (oldest headers first, marked `truncated`),
 * and a delta that does not fit is replaced by a snapshot (src/bridge/imap/sync.ts).
 */
import type { EventData, MessageHeader } from '../../protocol';

/** JSON bytes an event's data may take: the 1 MB limit less room for the envelope. */
export const EVENT_BUDGET_BYTES = 1000 * 1000;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Whether `data` fits the budget as it is. */
export function fitsBudget(data: unknown, budget = EVENT_BUDGET_BYTES): boolean {
  return jsonBytes(data) <= budget;
}

/**
 * `data` with as many of its headers as fit `budget`. Headers come newest first, so the oldest
 * go; `truncated: true` says the list is shorter than the mailbox's unread mail.
 */
export function fitSnapshot(
  data: EventData<'mailbox.snapshot'>,
  budget = EVENT_BUDGET_BYTES,
): EventData<'mailbox.snapshot'> {
  let size = jsonBytes(data);
  if (size <= budget) return data;
  // `"truncated":true,` adds 17 bytes; each header costs its JSON plus a comma.
  size += 17;
  const messages: MessageHeader[] = [...data.messages];
  while (messages.length > 0 && size > budget) size -= jsonBytes(messages.pop()) + 1;
  return { ...data, messages, truncated: true };
}

/**
 * A `mailbox.page` reply cut to `budget` the same way: the oldest headers go first, and `more`
 * turns true because the cut ones are still waiting on the server.
 */
export function fitPage<T extends { messages: MessageHeader[]; more: boolean }>(
  page: T,
  budget = EVENT_BUDGET_BYTES,
): T {
  let size = jsonBytes(page);
  if (size <= budget) return page;
  const messages = [...page.messages];
  while (messages.length > 0 && size > budget) size -= jsonBytes(messages.pop()) + 1;
  return { ...page, messages, more: true };
}
