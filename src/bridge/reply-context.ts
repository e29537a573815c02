/**
 * The headers answering a message needs beyond `MessageHeader`: Reply-To and Cc (RFC 5322
 * §3.6.3) for Reply and Reply all, and References (§3.6.4) so a reply threads. Bounded like every
 * parsed header: mail is hostile input.
 */
import type { Email } from 'postal-mime';
import type { ReplyContext } from '../protocol';
import { flatten } from './pop3/parse-mail';

const MSG_ID = /<[^<>\s]{1,996}>/g;

/** `{ replyContext }` when the message has any of them, else `{}` (spread into a MessageBody). */
export function replyContextOf(email: Pick<Email, 'replyTo' | 'cc' | 'references'>): { replyContext?: ReplyContext } {
  const references = (email.references ?? '').slice(0, 64 * 1024).match(MSG_ID) ?? [];
  const context: ReplyContext = {
    replyTo: flatten(email.replyTo),
    cc: flatten(email.cc),
    references: references.slice(-20),
  };
  const empty = !context.replyTo.length && !context.cc.length && !context.references.length;
  return empty ? {} : { replyContext: context };
}
