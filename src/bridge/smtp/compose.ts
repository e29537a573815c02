/**
 * Builds the message bytes with nodemailer's MailComposer. Everything that varies between builds
 * is fixed by the draft (Message-ID, Date) or derived from it (the MIME boundary), so every try of
 * one send produces the same bytes, and the Sent copy is exactly what went out plus the Bcc header,
 * which only the sender's copy may show (RFC 5322 §3.6.3).
 */
import { createHash } from 'node:crypto';
import type MailComposer from 'nodemailer/lib/mail-composer';
import type { SendParams } from '../../protocol';
import type { Envelope } from './deliver';

export interface ForwardedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface Composed {
  /** What goes to the SMTP server: no Bcc header. */
  raw: Buffer;
  /** The Sent copy: the same message with its Bcc header. */
  copy: Buffer;
  envelope: Envelope;
}

const toAddress = (r: { name?: string; address: string }) => ({ name: r.name ?? '', address: r.address });

/** Loaded on the first send, not at start (the browser waits for the bridge's start). */
const loadMailComposer = async () => (await import('nodemailer/lib/mail-composer')).default;

function composer(Composer: typeof MailComposer, draft: SendParams, attachments: ForwardedAttachment[]): MailComposer {
  return new Composer({
    from: toAddress(draft.from),
    to: draft.to.map(toAddress),
    cc: draft.cc.map(toAddress),
    bcc: draft.bcc.map(toAddress),
    subject: draft.subject,
    messageId: draft.messageId,
    date: new Date(draft.date),
    inReplyTo: draft.inReplyTo,
    references: draft.references,
    text: draft.text,
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    // Same boundary on every build of this message: the bytes of a retry equal the first try's.
    baseBoundary: createHash('sha256').update(draft.messageId).digest('hex').slice(0, 24),
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'windows',
  });
}

export async function composeMessage(draft: SendParams, attachments: ForwardedAttachment[] = []): Promise<Composed> {
  const Composer = await loadMailComposer();
  const sent = composer(Composer, draft, attachments).compile();
  const envelope = sent.getEnvelope();
  const raw = await sent.build();
  const kept = composer(Composer, draft, attachments).compile();
  // The constructor's keepBcc option is not read; the compiled node's flag is.
  kept.keepBcc = true;
  const copy = await kept.build();
  return { raw, copy, envelope: { from: envelope.from || draft.from.address, to: envelope.to } };
}
