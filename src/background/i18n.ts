/**
 * `browser.i18n.getMessage` with an English fallback: the fallback is used when a locale lacks
 * the key and in unit tests (the fake browser has no i18n). `$1`, `$2`… are substituted.
 */
import { browser } from 'wxt/browser';

/** A message name from `_locales/en/messages.json` (WXT generates the union, so a typo fails tsc). */
export type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

export type Translate = (key: MessageKey, fallback: string, substitutions?: readonly string[]) => string;

/** Fills `$1`, `$2`… in a fallback string. */
export function substitute(text: string, substitutions: readonly string[] = []): string {
  return text.replace(/\$(\d)/g, (m, n: string) => substitutions[Number(n) - 1] ?? m);
}

/** English only; for tests and as the last resort. */
export const fallbackTranslate: Translate = (_key, fallback, subs) => substitute(fallback, subs);

export const translate: Translate = (key, fallback, subs) => {
  try {
    const text = browser.i18n.getMessage(key, subs ? [...subs] : undefined);
    if (text) return text;
  } catch {
    // no i18n here (unit tests)
  }
  return substitute(fallback, subs);
};
