import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { hasAttachments, snippetPart } from './structure';

const leaf = (type: string, extra: Partial<MessageStructureObject> = {}): MessageStructureObject => ({
  type,
  ...extra,
});

describe('snippetPart', () => {
  it('uses section 1 for a single-part message', () => {
    expect(snippetPart(leaf('text/plain', { encoding: 'base64', parameters: { charset: 'utf-8' } }))).toEqual({
      section: '1',
      encoding: 'base64',
      charset: 'utf-8',
      html: false,
    });
  });
  it('prefers text/plain over text/html and skips attachments', () => {
    const root = leaf('multipart/mixed', {
      childNodes: [
        leaf('text/plain', { part: '1', disposition: 'attachment', dispositionParameters: { filename: 'notes.txt' } }),
        leaf('multipart/alternative', {
          part: '2',
          childNodes: [
            leaf('text/html', { part: '2.1' }),
            leaf('text/plain', { part: '2.2', encoding: 'quoted-printable' }),
          ],
        }),
      ],
    });
    expect(snippetPart(root)).toMatchObject({ section: '2.2', html: false, encoding: 'quoted-printable' });
  });
  it('falls back to HTML', () => {
    const root = leaf('multipart/related', {
      childNodes: [leaf('text/html', { part: '1' }), leaf('image/png', { part: '2', parameters: { name: 'a.png' } })],
    });
    expect(snippetPart(root)).toMatchObject({ section: '1', html: true });
  });
});

describe('hasAttachments', () => {
  it('finds disposition attachment, named non-text parts and forwarded messages', () => {
    expect(hasAttachments(leaf('text/plain'))).toBe(false);
    expect(hasAttachments(undefined)).toBe(false);
    const mixed = (child: MessageStructureObject) =>
      leaf('multipart/mixed', { childNodes: [leaf('text/plain', { part: '1' }), child] });
    expect(hasAttachments(mixed(leaf('application/pdf', { part: '2', disposition: 'attachment' })))).toBe(true);
    expect(hasAttachments(mixed(leaf('image/png', { part: '2', parameters: { name: 'x.png' } })))).toBe(true);
    expect(hasAttachments(mixed(leaf('message/rfc822', { part: '2' })))).toBe(true);
    expect(hasAttachments(mixed(leaf('text/html', { part: '2' })))).toBe(false);
  });
});
