/**
 * Wraps sanitized mail HTML into the `srcdoc` of the reader frame. The frame is sandboxed
 * without `allow-scripts` and its CSP forbids every load except inline styles and `data:`
 * images, plus the image origins the user allowed with "Load images".
 */

/**
 * What an origin in the CSP may look like: scheme, host (DNS labels, or a bracketed IPv6
 * address) and an optional port, nothing else. Anything more (a space, `;`, a quote, a path)
 * could add sources or directives to the policy (CSP 3 §2.3.1 host-source).
 */
const STRICT_ORIGIN =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/;

/** The Content-Security-Policy of the reader frame; origins not of the strict form are left out. */
export function readerCsp(imageOrigins: readonly string[] = []): string {
  const img = ['data:', ...imageOrigins.filter((o) => STRICT_ORIGIN.test(o))].join(' ');
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${img}; form-action 'none'`;
}

function escapeCss(text: string): string {
  return text.replace(/[^\p{L}\p{N} ]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `);
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A complete document for `iframe.srcdoc`. `html` must already be sanitized. */
export function buildSrcdoc(html: string, imageOrigins: readonly string[] = [], linkLabel = 'goes to'): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(readerCsp(imageOrigins))}">`,
    // Image loads the user allowed still must not tell the sender where the mail was read.
    '<meta name="referrer" content="no-referrer">',
    '<style>html{color-scheme:light}body{margin:8px;font:14px/1.45 system-ui,sans-serif;color:#202124;background:#fff;overflow-wrap:anywhere}',
    'img{max-width:100%;height:auto}img[data-blocked]{display:inline-block;min-width:16px;min-height:16px;outline:1px dashed #9aa0a6}',
    // A link whose text names another host than it goes to says where it really goes.
    `a[data-real-host]{outline:2px solid #d93025!important}a[data-real-host]::after{content:" \\26A0  ${escapeCss(linkLabel)} " attr(data-real-host)!important;display:inline!important;color:#b3261e!important;font:600 13px system-ui,sans-serif!important;visibility:visible!important}</style>`,
    `</head><body>${html}</body></html>`,
  ].join('');
}
