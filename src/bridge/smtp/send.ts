/**
 * `message.send` from start to end: compose, submit once, file the Sent copy, flag the answered
 * message. The Message-ID the extension fixed when it queued the draft is the idempotency key:
 * the send record (send-record.ts) says whether this message went out already, so a retry after
 * a lost reply or a restarted bridge never sends it twice, and a try cut off after its data left
 * is reported as SEND_UNCERTAIN for the user to decide (resend, or record it as sent).
 */
import { BridgeError, ErrorCode, type SendParams, type SendResult } from '../../protocol';
import { smtpEndpoint } from '../../protocol/rules/smtp-defaults';
import type { Sender } from '../accounts/manager';
import type { Logger } from '../log';
import { composeMessage } from './compose';
import { deliver } from './deliver';
import { forwardAttachments, type ForwardAttachments } from './forward-attachments';
import { afterSendImap, type AfterSendResult } from './sent-copy';
import { SendRecord } from './send-record';
import type { SmtpFailure } from './smtp-errors';

/** One send per Message-ID at a time: a retry arriving while the first try runs waits for it. */
const inFlight = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, run: () => Promise<T>): Promise<T> {
  const before = inFlight.get(key) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(run);
  inFlight.set(key, next);
  void next.finally(() => inFlight.get(key) === next && inFlight.delete(key)).catch(() => undefined);
  return next;
}

const isSmtpFailure = (x: unknown): x is SmtpFailure =>
  typeof x === 'object' && x !== null && 'error' in x && (x as SmtpFailure).error instanceof BridgeError;

export function sendMessage(params: SendParams, sender: Sender, log: Logger): Promise<SendResult> {
  return serialized(`${params.accountId} ${params.messageId}`, () => send(params, sender, log));
}

async function send(params: SendParams, sender: Sender, log: Logger): Promise<SendResult> {
  const { account } = sender;
  const record = new SendRecord(sender.stateDir, log);
  const prior = record.get(params.messageId);
  if (prior?.state === 'sending' && !params.uncertain) {
    throw new BridgeError(
      ErrorCode.SendUncertain,
      'an earlier try of this message was cut off after its data went to the server: it may have been sent',
    );
  }
  let forwarded: ForwardAttachments = { attachments: [], leftOut: [] };
  if (params.forwardsAttachmentsOf)
    forwarded = await forwardAttachments(account, sender.credential, params.forwardsAttachmentsOf, log);
  const message = await composeMessage(params, forwarded.attachments);
  const endpoint = smtpEndpoint(account.host, account.smtp);

  const alreadySent = prior?.state === 'sent' || params.uncertain === 'markSent';
  let entry = prior;
  if (!alreadySent) {
    record.update(params.messageId, { state: 'sending' });
    try {
      const delivered = await deliver(
        {
          endpoint,
          user: account.smtp?.user || account.user,
          credential: sender.smtpCredential,
          pinnedCert: account.pinnedCert,
        },
        message.envelope,
        message.raw,
        log,
      );
      entry = record.update(params.messageId, {
        state: 'sent',
        accepted: delivered.accepted,
        rejected: delivered.rejected,
      });
      log.info('message sent', { accountId: account.id, recipients: delivered.accepted.length });
    } catch (failure) {
      if (!isSmtpFailure(failure)) {
        record.forget(params.messageId);
        throw failure;
      }
      // Certain failures are forgotten, so the next try sends; an uncertain one stays `sending`.
      if (!failure.uncertain) record.forget(params.messageId);
      else log.warn('send uncertain', { accountId: account.id, code: failure.error.code });
      throw failure.uncertain
        ? new BridgeError(ErrorCode.SendUncertain, `the message may have been sent: ${failure.error.message}`)
        : failure.error;
    }
  } else if (prior?.state !== 'sent') {
    entry = record.update(params.messageId, { state: 'sent' });
  }

  let after: AfterSendResult = { sentCopy: 'none', answered: false };
  if (account.type === 'imap') {
    after = await afterSendImap(
      account,
      sender.credential,
      {
        messageId: params.messageId,
        copy: message.copy,
        date: new Date(params.date),
        mode: account.sentCopy ?? 'auto',
        smtpHost: endpoint.host,
        copyDone: entry?.copyDone === true,
        answers: params.answers,
        answeredDone: entry?.answered === true,
      },
      log,
    );
    record.update(params.messageId, {
      state: 'sent',
      copyDone: after.sentCopy === 'appended' || after.sentCopy === 'present',
      answered: after.answered,
    });
  }
  return {
    messageId: params.messageId,
    accepted: entry?.accepted ?? [],
    rejected: entry?.rejected ?? [],
    alreadySent: prior?.state === 'sent' || params.uncertain === 'markSent',
    sentCopy: after.sentCopy,
    ...(after.copyDetail ? { copyDetail: after.copyDetail.slice(0, 1000) } : {}),
    answered: after.answered,
    ...(forwarded.leftOut.length ? { attachmentsLeftOut: forwarded.leftOut } : {}),
  };
}
