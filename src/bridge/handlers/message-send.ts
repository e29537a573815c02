import { BridgeError, ErrorCode } from '../../protocol';
import { sendMessage } from '../smtp/send';
import type { Handler } from './context';
import { checkRefUid } from './message-ref';

/** Sends through the account's SMTP server; see src/bridge/smtp/send.ts for the idempotency. */
export const messageSend: Handler<'message.send'> = (params, ctx) => {
  for (const ref of [params.answers, params.forwardsAttachmentsOf]) {
    if (ref && ref.accountId !== params.accountId)
      throw new BridgeError(
        ErrorCode.BadRequest,
        'answers/forwardsAttachmentsOf must name a message of the same account',
      );
    if (ref) checkRefUid(ref, ctx);
  }
  return sendMessage(params, ctx.manager.sender(params.accountId), ctx.log);
};
