/**
 * Counts the remote media in what DOMPurify removed (its `removed` list): a video's poster and
 * sources, images inside inline SVG, a table's `background`. The reader cannot show these
 * safely at all, so they are not offered with "Load images"; they are counted so the reader can
 * say that remote content was removed instead of pretending the mail had none.
 */
import type { RemovedAttribute, RemovedElement } from 'dompurify';

/** Attributes through which an element fetches something (links the user follows are not). */
const FETCHING = new Set(['src', 'srcset', 'poster', 'background', 'lowsrc', 'dynsrc', 'data', 'href', 'xlink:href']);
const REMOTE = /^\s*(?:https?:)?\/\//i;
const CSS_REMOTE_URL = /url\(\s*['"]?\s*(?:https?:)?\/\//gi;

function attributeRefs(name: string, value: string, element: string): number {
  const n = name.toLowerCase();
  if (n === 'style') return [...value.matchAll(CSS_REMOTE_URL)].length;
  if (!FETCHING.has(n)) return 0;
  if (n === 'href' && (element === 'A' || element === 'AREA')) return 0; // a link, not a load
  if (n === 'srcset') return value.split(',').filter((c) => REMOTE.test(c)).length;
  return REMOTE.test(value) ? 1 : 0;
}

function elementRefs(el: Element): number {
  let count = 0;
  for (const e of [el, ...el.querySelectorAll('*')]) {
    const tag = e.nodeName.toUpperCase();
    for (const attr of e.attributes) count += attributeRefs(attr.name, attr.value, tag);
    if (tag === 'STYLE') count += [...(e.textContent ?? '').matchAll(CSS_REMOTE_URL)].length;
  }
  return count;
}

/**
 * Remote references in removed elements (with whatever subtree they took with them) and removed
 * attributes. An element whose content DOMPurify kept has already handed its children back to
 * the document, so nothing is counted twice.
 */
export function countRemovedRemote(removed: readonly (RemovedElement | RemovedAttribute)[]): number {
  let count = 0;
  for (const entry of removed) {
    if ('element' in entry) {
      const el = entry.element as Element;
      if (typeof el.querySelectorAll === 'function') count += elementRefs(el);
    } else if (entry.attribute) {
      count += attributeRefs(entry.attribute.name, entry.attribute.value, entry.from.nodeName.toUpperCase());
    }
  }
  return count;
}
