/** Which actions an account offers, and the "open in webmail" link. */
import type { AccountView, MessageAction } from '../../protocol/model';

const ALL: readonly MessageAction[] = ['markRead', 'markUnread', 'flag', 'unflag', 'delete', 'archive', 'junk'];
// POP3 has no folders and no flags on the server (RFC 1939): read state is the bridge's own.
const POP3: readonly MessageAction[] = ['markRead', 'markUnread', 'delete'];

/** The actions `account` supports (every action when the account is unknown). */
export function supportedActions(account: AccountView | undefined): ReadonlySet<MessageAction> {
  return new Set(account?.type === 'pop3' ? POP3 : ALL);
}

/** Whether the message carries `\Flagged` (RFC 9051 §2.3.2). */
export function isFlagged(flags: readonly string[]): boolean {
  return flags.some((f) => f.toLowerCase() === '\\flagged');
}

/**
 * The account's webmail URL with `{messageId}` filled in (angle brackets stripped, encoded);
 * undefined unless it is an http(s) URL.
 */
export function webmailLink(account: AccountView | undefined, messageId: string | undefined): string | undefined {
  const template = account?.webmailUrl?.trim();
  if (!template) return undefined;
  const id = (messageId ?? '').replace(/^<|>$/g, '');
  const url = template.replace(/\{messageId\}/g, encodeURIComponent(id));
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the header's webmail button goes: the account's webmail URL without the message part
 * (its origin), so no message id is needed; undefined unless the URL is http(s).
 */
export function webmailHome(account: AccountView | undefined): string | undefined {
  const link = webmailLink(account, undefined);
  return link ? `${new URL(link).origin}/` : undefined;
}
