/**
 * Reading a BODYSTRUCTURE (RFC 9051 §7.5.2) as imapflow parses it: which part holds the text to
 * preview, and whether the message carries attachments — both without downloading the body.
 */
import type { MessageStructureObject } from 'imapflow';
import type { TextPartInfo } from './snippet';

/** The part to take a snippet from: IMAP section ("1", "1.2") and how it is encoded. */
export interface SnippetPart extends TextPartInfo {
  section: string;
}

function isAttachment(node: MessageStructureObject): boolean {
  if ((node.disposition ?? '').toLowerCase() === 'attachment') return true;
  const named = Boolean(node.dispositionParameters?.filename ?? node.parameters?.name);
  return named && !node.type.toLowerCase().startsWith('text/');
}

function leaves(node: MessageStructureObject, out: MessageStructureObject[] = []): MessageStructureObject[] {
  if (node.childNodes?.length) for (const c of node.childNodes) leaves(c, out);
  else out.push(node);
  return out;
}

/** Whether any leaf part is an attachment (Content-Disposition: attachment, or a named non-text part). */
export function hasAttachments(root: MessageStructureObject | undefined): boolean {
  if (!root) return false;
  // A message/rfc822 part is a forwarded message: an attachment too.
  return leaves(root).some((n) => isAttachment(n) || n.type.toLowerCase() === 'message/rfc822');
}

/** First inline text/plain part, else first inline text/html part. */
export function snippetPart(root: MessageStructureObject | undefined): SnippetPart | undefined {
  if (!root) return undefined;
  const texts = leaves(root).filter((n) => !isAttachment(n) && (n.disposition ?? '').toLowerCase() !== 'attachment');
  const pick =
    texts.find((n) => n.type.toLowerCase() === 'text/plain') ?? texts.find((n) => n.type.toLowerCase() === 'text/html');
  if (!pick) return undefined;
  return {
    // A single-part message has no part number; its body is section 1 (RFC 9051 §6.4.5).
    section: pick.part ?? '1',
    encoding: pick.encoding,
    charset: pick.parameters?.charset,
    html: pick.type.toLowerCase() === 'text/html',
  };
}

/** The node of `section` ("1", "1.2") in a BODYSTRUCTURE; a single-part message is its own section 1. */
export function partAt(root: MessageStructureObject | undefined, section: string): MessageStructureObject | undefined {
  if (!root) return undefined;
  if (!root.childNodes?.length) return section === '1' ? root : undefined;
  const find = (node: MessageStructureObject): MessageStructureObject | undefined => {
    if (node.part === section) return node;
    for (const c of node.childNodes ?? []) {
      const hit = find(c);
      if (hit) return hit;
    }
    return undefined;
  };
  return find(root);
}
