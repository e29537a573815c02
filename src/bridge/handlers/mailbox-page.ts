import { BridgeError, ErrorCode, isImapUid } from '../../protocol';
import { fitPage } from '../native/event-budget';
import { loggingFailure } from './action-log';
import type { Handler } from './context';

/**
 * `mailbox.page`: older unread headers for the popup's "Show older". An IMAP cursor must be one
 * decimal UID before it reaches `UID SEARCH` (the schema also admits POP3 UIDLs); the reply is
 * cut to the byte budget like a snapshot, and `more` then says that older headers remain.
 */
export const mailboxPage: Handler<'mailbox.page'> = async (params, ctx) => {
  const { accountId, mailbox, uidValidity, before, limit } = params;
  const account = ctx.manager.list().find((a) => a.id === accountId);
  if (account?.type === 'imap' && before !== undefined && !isImapUid(before)) {
    throw new BridgeError(ErrorCode.BadRequest, 'before: expected an IMAP UID in decimal (1..4294967295)');
  }
  const page = await loggingFailure(ctx.log, { accountId, action: 'page' }, () =>
    ctx.manager.page(accountId, { mailbox, uidValidity, before, limit }),
  );
  return fitPage(page);
};
