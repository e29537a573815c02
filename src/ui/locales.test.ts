import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLocale } from './testing/i18n';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter(
      (e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.parentPath.includes('testing'),
    )
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

/** Placeholder names a message uses, e.g. ["arg1", "arg2"]. */
function placeholders(entry: { message: string }): string[] {
  return [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
}

describe('locales', () => {
  const en = readLocale('en');
  const de = readLocale('de');

  it('en and de have the same keys, each with the same placeholders', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(placeholders(de[key]!), key).toEqual(placeholders(en[key]!));
      for (const name of placeholders(en[key]!)) expect(en[key]!.placeholders?.[name], `${key}.${name}`).toBeDefined();
      expect(de[key]!.message.trim(), key).not.toBe('');
    }
  });

  it('every key the UI passes to t() exists', () => {
    const used = new Set<string>();
    for (const text of sources('src/ui')) {
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
      // Keys chosen in code and passed on later (errors, states, conditional labels).
      for (const m of text.matchAll(
        /'((?:error|state|secret|badge|notification)[A-Z][A-Za-z]*|certUntrusted|authFailedFor|tlsUntrustedFor|detecting|testing|saving)'/g,
      ))
        used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('has every key the background translates, with its English fallback', () => {
    const pairs = sources('src/background').flatMap((text) =>
      [...text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)',\s*'([^']*)'/g)].map((m) => [m[1]!, m[2]!] as const),
    );
    expect(pairs.length).toBeGreaterThan(10);
    for (const [key, fallback] of pairs) {
      expect(en[key], key).toBeDefined();
      expect(en[key]!.message.replace(/\$ARG(\d)\$/g, '$$$1')).toBe(fallback);
    }
  });
});
