/**
 * The attachments of a message being forwarded: the bridge downloads the original itself (the
 * extension never holds attachment bytes, and a browser-to-bridge frame is capped at 4 MiB),
 * parses it with postal-mime and keeps attachments in order while they fit the cap together.
 * Those that do not fit are named in the reply so the composer can say so.
 */
import { BridgeError, ErrorCode, FORWARD_ATTACHMENT_CAP, type MessageRef } from '../../protocol';
import type { Credential, StoredAccount } from '../accounts/driver';
import { openImap } from '../imap/connection';
import type { Logger } from '../log';
import { fetchSession } from '../pop3/fetch-session';
import { openSession } from '../pop3/session';
import type { ForwardedAttachment } from './compose';

export interface ForwardAttachments {
  attachments: ForwardedAttachment[];
  leftOut: { filename: string; size: number }[];
}

/** The original is read up to the cap plus room for its text and MIME overhead (base64 is 4/3). */
const SOURCE_CAP = Math.ceil(FORWARD_ATTACHMENT_CAP * 1.4) + 1024 * 1024;

async function imapSource(account: StoredAccount, credential: Credential, ref: MessageRef, log: Logger) {
  const client = await openImap(account, credential, { log, id: 'forward' });
  try {
    const box = await client.mailboxOpen(ref.mailbox, { readOnly: true });
    if (String(box.uidValidity) !== ref.uidValidity)
      throw new BridgeError(ErrorCode.MailboxChanged, 'the forwarded message is gone (UIDVALIDITY changed)');
    const msg = await client.fetchOne(ref.uid, { source: { maxLength: SOURCE_CAP }, size: true }, { uid: true });
    if (!msg || !msg.source) throw new BridgeError(ErrorCode.MessageGone, 'the forwarded message is gone');
    return { data: msg.source, truncated: (msg.size ?? 0) > msg.source.length };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function pop3Source(account: StoredAccount, credential: Credential, ref: MessageRef) {
  const client = await openSession(account, credential, {});
  try {
    const raw = await fetchSession(client, ref.uid, SOURCE_CAP);
    return { data: raw.data, truncated: raw.truncated };
  } finally {
    if (!client.isClosed) await client.quit().catch(() => undefined);
  }
}

export async function forwardAttachments(
  account: StoredAccount,
  credential: Credential,
  ref: MessageRef,
  log: Logger,
): Promise<ForwardAttachments> {
  const source =
    account.type === 'imap'
      ? await imapSource(account, credential, ref, log)
      : await pop3Source(account, credential, ref);
  const { default: PostalMime } = await import('postal-mime'); // on first use, not at start
  const parsed = await PostalMime.parse(source.data, { attachmentEncoding: 'arraybuffer' });
  return pickAttachments(
    parsed.attachments.map((a) => ({
      filename: (a.filename ?? 'attachment').slice(0, 255),
      contentType: a.mimeType || 'application/octet-stream',
      content: Buffer.from(a.content as ArrayBuffer),
    })),
    source.truncated,
  );
}

/**
 * Attachments in order while they fit `cap` together; the others are named. When the download
 * was cut, the last attachment may be cut too: it is left out rather than sent damaged.
 */
export function pickAttachments(
  all: ForwardedAttachment[],
  downloadCut: boolean,
  cap: number = FORWARD_ATTACHMENT_CAP,
): ForwardAttachments {
  const result: ForwardAttachments = { attachments: [], leftOut: [] };
  let total = 0;
  all.forEach((a, i) => {
    const damaged = downloadCut && i === all.length - 1;
    if (damaged || total + a.content.length > cap) {
      result.leftOut.push({ filename: a.filename, size: a.content.length });
      return;
    }
    total += a.content.length;
    result.attachments.push(a);
  });
  return result;
}
