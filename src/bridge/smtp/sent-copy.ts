/**
 * After an IMAP account's message went out: file the copy in the special-use `\Sent` folder
 * (RFC 6154) unless the provider does that itself, and flag the answered message `\Answered`
 * (RFC 9051 §2.3.2). One short connection of its own, so the account's push connection is never
 * held up. Both steps are idempotent: Sent is searched for the Message-ID before an APPEND, so a
 * retry never files a second copy, and setting a flag twice changes nothing.
 */
import type { ImapFlow } from 'imapflow';
import type { MessageRef, SentCopy, SentCopyMode } from '../../protocol';
import { providerFilesSent } from '../../protocol/rules/smtp-defaults';
import type { Credential, StoredAccount } from '../accounts/driver';
import { openImap } from '../imap/connection';
import type { Logger } from '../log';

export interface AfterSendTask {
  messageId: string;
  copy: Buffer;
  date: Date;
  mode: SentCopyMode;
  smtpHost: string;
  /** The Sent copy was filed by an earlier try. */
  copyDone: boolean;
  answers?: MessageRef;
  answeredDone: boolean;
}

export interface AfterSendResult {
  sentCopy: SentCopy;
  copyDetail?: string;
  answered: boolean;
}

/** Gmail announces X-GM-EXT-1 and files what its SMTP server accepted in "Sent Mail" itself. */
function serverFilesSent(client: ImapFlow, smtpHost: string): boolean {
  return client.capabilities.has('X-GM-EXT-1') || providerFilesSent(smtpHost);
}

async function findSent(client: ImapFlow): Promise<string | undefined> {
  const folders = await client.list();
  return folders.find((f) => f.specialUse === '\\Sent')?.path;
}

async function fileCopy(
  client: ImapFlow,
  task: AfterSendTask,
): Promise<Pick<AfterSendResult, 'sentCopy' | 'copyDetail'>> {
  if (task.mode === 'never') return { sentCopy: 'none' };
  if (task.copyDone) return { sentCopy: 'present' };
  if (task.mode === 'auto' && serverFilesSent(client, task.smtpHost)) return { sentCopy: 'server' };
  const sent = await findSent(client);
  if (!sent) return { sentCopy: 'failed', copyDetail: 'the server has no folder marked \\Sent' };
  await client.mailboxOpen(sent);
  const found = await client.search({ header: { 'message-id': task.messageId } }, { uid: true });
  if (found && found.length > 0) return { sentCopy: 'present' };
  await client.append(sent, task.copy, ['\\Seen'], task.date);
  return { sentCopy: 'appended' };
}

async function flagAnswered(client: ImapFlow, ref: MessageRef): Promise<boolean> {
  const box = await client.mailboxOpen(ref.mailbox);
  // Another UIDVALIDITY means the UID names another message now (RFC 9051 §2.3.1.1).
  if (String(box.uidValidity) !== ref.uidValidity) return false;
  return client.messageFlagsAdd(ref.uid, ['\\Answered'], { uid: true });
}

export async function afterSendImap(
  account: StoredAccount,
  credential: Credential,
  task: AfterSendTask,
  log: Logger,
): Promise<AfterSendResult> {
  if (task.mode === 'never' && (!task.answers || task.answeredDone))
    return { sentCopy: 'none', answered: task.answeredDone };
  let client: ImapFlow | undefined;
  try {
    client = await openImap(account, credential, { log, id: 'send' });
    let copy: Pick<AfterSendResult, 'sentCopy' | 'copyDetail'>;
    try {
      copy = await fileCopy(client, task);
    } catch (error) {
      copy = { sentCopy: 'failed', copyDetail: `cannot file the copy in Sent: ${(error as Error).message}` };
    }
    let answered = task.answeredDone;
    if (task.answers && !answered) {
      answered = await flagAnswered(client, task.answers).catch((error: Error) => {
        log.warn('cannot flag the answered message', { error: error.message });
        return false;
      });
    }
    return { ...copy, answered };
  } catch (error) {
    return {
      sentCopy: task.copyDone ? 'present' : task.mode === 'never' ? 'none' : 'failed',
      copyDetail: `cannot reach the IMAP server to file the copy: ${(error as Error).message}`.slice(0, 1000),
      answered: task.answeredDone,
    };
  } finally {
    await client?.logout().catch(() => client?.close());
  }
}
