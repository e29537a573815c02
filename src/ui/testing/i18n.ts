/**
 * Test helper: the fake browser has no i18n, so tests install one that reads the English
 * messages.json (placeholders filled like Chrome does) — tests then find controls by the same
 * English labels an end-to-end test uses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fakeBrowser } from 'wxt/testing';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

/** Reads `public/_locales/<locale>/messages.json`. */
export function readLocale(locale: string): Record<string, Entry> {
  const path = fileURLToPath(new URL(`../../../public/_locales/${locale}/messages.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Entry>;
}

/** Resolves one message the way `i18n.getMessage` does: named placeholders, then `$1`…`$9`. */
export function formatMessage(entry: Entry, substitutions: string | string[] = []): string {
  const subs = Array.isArray(substitutions) ? substitutions : [substitutions];
  const fill = (text: string) => text.replace(/\$(\d)/g, (m, n: string) => subs[Number(n) - 1] ?? '');
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (m, name: string) => {
    const p = entry.placeholders?.[name.toLowerCase()];
    return p ? fill(p.content) : m;
  });
}

/** Makes `browser.i18n.getMessage` answer from the English locale. */
export function installEnglishI18n(): void {
  const en = readLocale('en');
  (fakeBrowser.i18n as unknown as { getMessage: (k: string, s?: string | string[]) => string }).getMessage = (
    key,
    subs,
  ) => {
    const entry = en[key];
    return entry ? formatMessage(entry, subs) : '';
  };
}
