/**
 * Snippets for the message list: a short plain-text preview taken from the first bytes of a
 * message's text part (or its HTML part turned into text). Only a partial FETCH of the part
 * reaches us (e.g. `BODY.PEEK[1]<0.2048>`), so every decoder here must cope with input cut at an
 * arbitrary byte: half a base64 quantum, half a quoted-printable escape, half a UTF-8 sequence.
 */

/** Longest snippet the protocol allows (MessageHeader.snippet). */
export const SNIPPET_MAX = 200;

/** Decode a Content-Transfer-Encoding (RFC 2045 §6) from a possibly truncated buffer. */
export function decodeTransferEncoding(data: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64': {
      const clean = data.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, '');
      return Buffer.from(clean.slice(0, clean.length - (clean.length % 4)), 'base64');
    }
    case 'quoted-printable': {
      // RFC 2045 §6.7: "=\r\n" is a soft line break, "=XX" an octet; a cut "=" or "=X" at the
      // end is dropped rather than shown.
      const s = data
        .toString('latin1')
        .replace(/=\r?\n/g, '')
        .replace(/=[0-9A-Fa-f]?$/, '');
      const out: number[] = [];
      for (let i = 0; i < s.length; i++) {
        const hex = s[i] === '=' ? s.slice(i + 1, i + 3) : '';
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
          out.push(parseInt(hex, 16));
          i += 2;
        } else out.push(s.charCodeAt(i) & 0xff);
      }
      return Buffer.from(out);
    }
    default:
      return data;
  }
}

/** Decode bytes in `charset` (unknown labels fall back to UTF-8); drops a trailing cut character. */
export function decodeCharset(data: Buffer, charset: string | undefined): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder((charset ?? 'utf-8').trim() || 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(data).replace(/\uFFFD$/, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text from HTML, good enough for a preview (the popup renders the real HTML sanitized). */
export function htmlToText(html: string): string {
  return html
    .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*(>|$)/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/**
 * A one-line preview of at most `max` characters: quoted reply lines (">") dropped, whitespace
 * collapsed, never splitting a surrogate pair.
 */
export function makeSnippet(text: string, max = SNIPPET_MAX): string {
  const flat = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('>'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= max) return flat;
  let cut = flat.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/** How a text part is encoded, from its BODYSTRUCTURE entry. */
export interface TextPartInfo {
  encoding?: string;
  charset?: string;
  html: boolean;
}

/** Snippet from the first bytes of a text/plain or text/html part as fetched from the server. */
export function snippetFromPart(data: Buffer, part: TextPartInfo, alreadyDecoded = false): string {
  const bytes = alreadyDecoded ? data : decodeTransferEncoding(data, part.encoding);
  const text = decodeCharset(bytes, part.charset);
  return makeSnippet(part.html ? htmlToText(text) : text);
}

/**
 * The body of the first subpart inside the start of a multipart part's body (`data`: BODY[1]
 * of a message whose part 1 is multipart), one level per boundary in `boundaries`, outermost
 * first: so BODY[1] serves as the start of section 1.1 (or 1.1.1). `whole` says whether the
 * innermost body ended (its closing boundary came) within `data`. Undefined when `data` stops
 * before the body starts or a boundary is not where it should be.
 */
export function firstSubpartBody(data: Buffer, boundaries: string[]): { body: Buffer; whole: boolean } | undefined {
  let s = data.toString('latin1');
  let whole = false;
  for (const boundary of boundaries) {
    const marker = `--${boundary}`;
    const open = s.startsWith(marker) ? 0 : s.indexOf(`\n${marker}`) + 1;
    if (open <= 0 && !s.startsWith(marker)) return undefined;
    const lineEnd = s.indexOf('\n', open);
    if (lineEnd < 0) return undefined;
    const rest = s.slice(lineEnd + 1);
    // The subpart's MIME headers end at the first empty line (none at all: it starts empty).
    const headersEnd = /^\r?\n|\r?\n\r?\n/.exec(rest);
    if (!headersEnd) return undefined;
    const body = rest.slice(headersEnd.index + headersEnd[0].length);
    const close = body.indexOf(`\n${marker}`);
    whole = close >= 0;
    s = whole ? body.slice(0, close).replace(/\r$/, '') : body;
  }
  return { body: Buffer.from(s, 'latin1'), whole };
}
