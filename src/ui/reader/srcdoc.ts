/**
 * Wraps sanitized mail HTML into the `srcdoc` of the reader frame. The frame is sandboxed
 * without `allow-scripts` and its CSP forbids every load except inline styles and `data:`
 * images, plus the image origins the user allowed with "Load images".
 */

/** The Content-Security-Policy of the reader frame. */
export function readerCsp(imageOrigins: readonly string[] = []): string {
  const img = ['data:', ...imageOrigins].join(' ');
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${img}; form-action 'none'`;
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A complete document for `iframe.srcdoc`. `html` must already be sanitized. */
export function buildSrcdoc(html: string, imageOrigins: readonly string[] = []): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(readerCsp(imageOrigins))}">`,
    // Image loads the user allowed still must not tell the sender where the mail was read.
    '<meta name="referrer" content="no-referrer">',
    '<style>html{color-scheme:light}body{margin:8px;font:14px/1.45 system-ui,sans-serif;color:#202124;background:#fff;overflow-wrap:anywhere}',
    'img{max-width:100%;height:auto}img[data-blocked]{display:inline-block;min-width:16px;min-height:16px;outline:1px dashed #9aa0a6}</style>',
    `</head><body>${html}</body></html>`,
  ].join('');
}
