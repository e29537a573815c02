import { browser } from 'wxt/browser';

/** A message name from `_locales/en/messages.json` (WXT generates the union, so a typo fails tsc). */
export type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/**
 * Every UI string goes through browser.i18n; the key itself shows if a translation is missing
 * (or where no i18n API exists), so a gap is visible instead of an empty label.
 */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  try {
    return browser.i18n.getMessage(key, substitutions) || key;
  } catch {
    return key;
  }
}
