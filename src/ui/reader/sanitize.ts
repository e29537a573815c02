/**
 * Turns hostile HTML mail into markup that is safe to show in the sandboxed reader frame.
 * DOMPurify removes scripts, event handlers, `javascript:` URLs and dangerous elements; the
 * hooks below also block every remote load until the user asks for images: `src`/`srcset` of
 * images and CSS `url()` in image properties (see `css-filter.ts`, which drops every other CSS
 * URL and `@import` for good). The frame's CSP (see `srcdoc.ts`) is the second wall: even
 * markup we missed cannot fetch anything.
 */
import DOMPurify, { type WindowLike } from 'dompurify';
import { filterCss } from './css-filter';
import { countRemovedRemote } from './removed-media';

export interface SanitizeOptions {
  /** The user clicked "Load images" for this message: keep remote image URLs. */
  loadImages: boolean;
  /** The window whose DOM DOMPurify parses with (the page's own by default). */
  win?: WindowLike;
}

export interface SanitizedMail {
  html: string;
  /** Remote images (img src/srcset and CSS url()) that were blocked, or loaded when allowed. */
  remoteImages: number;
  /**
   * Remote media removed for good (a video and its sources, images inside inline SVG, CSS url()
   * outside image properties): "Load images" cannot bring these back, so the reader says they
   * were removed. (A video's poster is kept as an image and counts in `remoteImages`.)
   */
  remoteRemoved: number;
  /** Origins of the remote images kept (only with `loadImages`), for the frame's CSP `img-src`. */
  imageOrigins: string[];
}

/** Elements that load or submit something, or that the reader has no use for. */
const FORBID_TAGS = [
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'link',
  'meta',
  'base',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  'map',
  'area',
  'portal',
  'noscript',
];
const FORBID_ATTR = ['background', 'ping', 'action', 'formaction', 'poster', 'lowsrc', 'dynsrc', 'longdesc'];

const REMOTE = /^\s*(?:https?:)?\/\//i;
const SAFE_LINK = /^\s*(?:https?:|mailto:)/i;

/** The origin of an http(s) URL, or undefined (protocol-relative URLs count as https). */
function remoteOrigin(url: string): string | undefined {
  try {
    const u = new URL(url.trim().startsWith('//') ? `https:${url.trim()}` : url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** A host name a link's text names ("www.bank.example", "https://bank.example/login"). */
const TEXT_HOST = /^\s*(?:https?:\/\/)?((?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,}|\[[0-9a-f:.]+\])(?=[\s/:?#]|$)/iu;

function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

/**
 * The link's real host when its text names a different one, else undefined. The text's host
 * goes through URL so an internationalized name compares in its punycode form.
 */
export function hostMismatch(text: string, href: string): string | undefined {
  const named = TEXT_HOST.exec(text.slice(0, 300))?.[1]; // a host name has at most 253 characters
  if (!named) return undefined;
  let target: string;
  let claimed: string;
  try {
    const url = new URL(href.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    target = url.hostname;
    claimed = new URL(`https://${named}`).hostname;
  } catch {
    return undefined;
  }
  return bareHost(claimed) === bareHost(target) ? undefined : target;
}

/**
 * A video cannot play in the reader, but its poster is just an image: it becomes an `<img>`
 * right after the video, which DOMPurify visits next (its node iterator is live), so "Load
 * images" can show it like any other image. The video itself is removed and counted.
 */
function posterAsImage(video: Element): void {
  const poster = video.getAttribute('poster');
  if (!poster || !REMOTE.test(poster) || !video.parentNode) return;
  const img = video.ownerDocument.createElement('img');
  img.setAttribute('src', poster);
  img.setAttribute('alt', '');
  video.parentNode.insertBefore(img, video.nextSibling);
  video.removeAttribute('poster');
}

/** Sanitizes one message's HTML. A fresh DOMPurify instance per call keeps hooks from piling up. */
export function sanitizeMailHtml(raw: string, options: SanitizeOptions): SanitizedMail {
  const purify = DOMPurify(options.win ?? (window as unknown as WindowLike));
  const origins = new Set<string>();
  let remoteImages = 0;
  let removedCss = 0;

  /** Keeps (and records) or blanks one remote URL used as an image. */
  const image = (url: string): string | undefined => {
    if (/^\s*data:image\//i.test(url)) return url;
    const origin = REMOTE.test(url) ? remoteOrigin(url) : undefined;
    if (!origin) return undefined; // cid:, file:, relative: nothing the frame could show anyway
    remoteImages++;
    if (!options.loadImages) return undefined;
    origins.add(origin);
    return url;
  };

  const css = (text: string): string => filterCss(text, { image, removed: () => removedCss++ });

  purify.addHook('uponSanitizeElement', (node) => {
    if (node.nodeName === 'STYLE' && node.textContent) node.textContent = css(node.textContent);
    if (node.nodeName === 'VIDEO') posterAsImage(node as Element);
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (typeof el.getAttribute !== 'function') return;
    const style = el.getAttribute('style');
    if (style) el.setAttribute('style', css(style));
    if (el.nodeName === 'IMG') {
      const src = el.getAttribute('src');
      if (src !== null) {
        const kept = image(src);
        if (kept) el.setAttribute('src', kept);
        else {
          el.removeAttribute('src');
          el.setAttribute('data-blocked', '');
        }
      }
      const srcset = el.getAttribute('srcset');
      if (srcset !== null) {
        const candidates = srcset.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '');
        const kept = candidates.map(image);
        if (!kept.every(Boolean)) el.removeAttribute('srcset');
      }
    }
    if (el.nodeName === 'A') {
      const href = el.getAttribute('href');
      if (href !== null && !SAFE_LINK.test(href)) el.removeAttribute('href');
      if (el.hasAttribute('href')) {
        // Links leave the frame for a new tab, without an opener or a referrer, and say where
        // they really go (a link's text can claim anything).
        el.setAttribute('target', '_blank');
        el.setAttribute('rel', 'noopener noreferrer');
        el.setAttribute('title', el.getAttribute('href') ?? '');
        const real = hostMismatch(el.textContent ?? '', el.getAttribute('href') ?? '');
        if (real) el.setAttribute('data-real-host', real); // srcdoc.ts shows it beside the link
      } else {
        el.removeAttribute('target');
      }
    }
  });

  const html = purify.sanitize(raw, {
    USE_PROFILES: { html: true }, // no SVG/MathML: SVG has its own ways to load remote content
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['target'],
  });
  const remoteRemoved = removedCss + countRemovedRemote(purify.removed);
  return { html, remoteImages, remoteRemoved, imageOrigins: [...origins].sort() };
}
