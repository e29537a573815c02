/**
 * Filters the CSS of a mail (a `style` attribute or a `<style>` block) so that the only remote
 * loads left are images in image properties. "Load images" adds the kept origins to the frame's
 * `img-src`, and `cursor`, `mask-image` or `list-style` are fetched under that same directive:
 * a URL in any other property (clip-path, mask, filter, cursor, custom properties that `var()`
 * could carry anywhere, `@font-face src`) is dropped with its declaration, not just left to
 * the CSP. CSS escapes and comments can hide a `url(` or a property name from a plain text
 * match (CSS Syntax Level 3 §4.3.7, §4.3.11), so a declaration that needs decoding to be read
 * and holds a URL is dropped too.
 */

/** Properties whose `url()` is an image the user can choose to load. */
const IMAGE_PROPERTIES = new Set([
  'background',
  'background-image',
  'border-image',
  'border-image-source',
  'list-style',
  'list-style-image',
]);

/** Anything in a value that can name a resource: url() and the functions taking URL strings. */
const REFERENCE = /url\s*\(|image-set\s*\(|image\s*\(|cross-fade\s*\(|element\s*\(|src\s*\(/i;
/** One url() with a plain (unescaped) argument, quoted or not. */
const PLAIN_URL = /url\(\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)'|([^\s"'()\\]*))\s*\)/gi;
const REMOTE = /^\s*(?:https?:)?\/\//i;

export interface CssVerdicts {
  /** Keeps a URL used as an image (returns it) or blocks it (undefined). */
  image: (url: string) => string | undefined;
  /** Called once per remote URL dropped for good (it would never load, whatever the user asks). */
  removed: () => void;
}

/** Decodes CSS escapes and drops comments: the text the browser would act on, for checks only. */
function decode(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?/gi, (_m, hex: string) => {
      const code = parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    })
    .replace(/\\(.)/g, '$1');
}

/** Counts the remote URLs a dropped piece of CSS named (at least one when it had a reference). */
function countRemote(decoded: string): number {
  const urls = [...decoded.matchAll(/url\(\s*['"]?([^'")]*)|["']([^"']*)["']/gi)].map((m) => m[1] ?? m[2] ?? '');
  return urls.filter((u) => REMOTE.test(u)).length;
}

/**
 * Splits CSS into segments ending at `{`, `}` or `;` outside strings, comments and parentheses,
 * keeping each terminator with its segment.
 */
function segments(css: string): { text: string; end: string }[] {
  const out: { text: string; end: string }[] = [];
  let start = 0;
  let depth = 0;
  let quote = '';
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote || c === '\n') quote = '';
      continue;
    }
    if (c === '/' && css[i + 1] === '*') {
      const close = css.indexOf('*/', i + 2);
      i = close < 0 ? css.length : close + 1;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '{' || c === '}' || c === ';')) {
      out.push({ text: css.slice(start, i), end: c });
      start = i + 1;
    }
  }
  if (start < css.length) out.push({ text: css.slice(start), end: '' });
  return out;
}

/** One declaration (or stray statement), filtered; '' drops it. */
function declaration(text: string, verdicts: CssVerdicts): string {
  const decoded = decode(text);
  if (/^\s*@/.test(decoded)) {
    // @import, @namespace, @charset: statements a mail has no use for; @import loads a sheet.
    if (REFERENCE.test(decoded) || /^\s*@import/i.test(decoded))
      for (let n = countRemote(decoded); n > 0; n--) verdicts.removed();
    return '';
  }
  if (!REFERENCE.test(decoded)) return text;
  const drop = () => {
    for (let n = countRemote(decoded); n > 0; n--) verdicts.removed();
    return '';
  };
  const colon = text.indexOf(':');
  const property = colon < 0 ? '' : text.slice(0, colon).trim().toLowerCase();
  if (decoded !== text || !IMAGE_PROPERTIES.has(property)) return drop();
  const value = text.slice(colon + 1);
  // Only plain url()s may stay: every reference must be one of them.
  const urls = [...value.matchAll(PLAIN_URL)];
  const rest = value.replace(PLAIN_URL, '');
  if (REFERENCE.test(rest)) return drop();
  if (urls.length === 0) return drop();
  const kept = value.replace(PLAIN_URL, (_m, d?: string, s?: string, u?: string) => {
    const url = verdicts.image(d ?? s ?? u ?? '');
    return url ? `url("${url.replace(/["\\\n]/g, '')}")` : 'none';
  });
  return `${property}:${kept}`;
}

/**
 * Filters a style attribute or a style sheet. `verdicts.image` decides (and counts) each image
 * URL in an image property; every other URL is dropped with its declaration.
 */
export function filterCss(css: string, verdicts: CssVerdicts): string {
  return segments(css)
    .map(({ text, end }) => {
      if (end === '{') return text + end;
      const kept = declaration(text, verdicts);
      return kept || end !== ';' ? kept + end : '';
    })
    .join('');
}
