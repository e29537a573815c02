/**
 * The IMAP side of a ref's uid check. The protocol schema accepts an IMAP UID or a POP3 UIDL
 * (a ref does not carry its account's type, src/protocol/model.ts `isMessageUid`); before an IMAP
 * driver puts a uid into `UID FETCH`/`UID STORE`/`UID MOVE`, it must be exactly one decimal UID
 * (RFC 9051 §2.3.1.1), so a UIDL-shaped string such as `4:x` never reaches a command.
 */
import { BridgeError, ErrorCode, isImapUid, type MessageRef } from '../../protocol';
import type { HandlerContext } from './context';

/** Throws BAD_REQUEST when `ref` names an IMAP account and its uid is not one decimal UID. */
export function checkRefUid(ref: MessageRef, ctx: HandlerContext): void {
  const account = ctx.manager.list().find((a) => a.id === ref.accountId);
  if (account?.type === 'imap' && !isImapUid(ref.uid)) {
    throw new BridgeError(ErrorCode.BadRequest, 'ref.uid: expected an IMAP UID in decimal (1..4294967295)');
  }
}
