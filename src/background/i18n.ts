/**
 * `browser.i18n.getMessage` with an English fallback: the fallback is used when a locale lacks
 * the key and in unit tests (the fake browser has no i18n). `$1`, `$2`… are substituted.
 */
import { browser } from 'wxt/browser';

export type Translate = (key: string, fallback: string, substitutions?: readonly string[]) => string;

/** Fills `$1`, `$2`… in a fallback string. */
export function substitute(text: string, substitutions: readonly string[] = []): string {
  return text.replace(/\$(\d)/g, (m, n: string) => substitutions[Number(n) - 1] ?? m);
}

/** English only; for tests and as the last resort. */
export const fallbackTranslate: Translate = (_key, fallback, subs) => substitute(fallback, subs);

export const translate: Translate = (key, fallback, subs) => {
  try {
    // Keys are typed from the generated locale list; ours may not be there yet, hence the fallback.
    const getMessage = browser.i18n.getMessage as (name: string, substitutions?: string[]) => string;
    const text = getMessage(key, subs ? [...subs] : undefined);
    if (text) return text;
  } catch {
    // no i18n here (unit tests)
  }
  return substitute(fallback, subs);
};
