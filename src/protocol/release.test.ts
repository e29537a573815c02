/**
 * Every install command the product shows or documents names the exact release: an unpinned
 * `npx mailglance-bridge` would run whatever the registry holds under that name today.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { npxBridgeCommand, RELEASE_VERSION } from './release';

const ROOT = join(__dirname, '..', '..');
const SKIP = new Set(['node_modules', '.output', '.wxt', 'dist', '.git', 'coverage', 'test-results']);

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.(md|json|ts|tsx|mjs|sh|html)$/.test(name) && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('release version', () => {
  it('comes from package.json and is pinned in the npx command', () => {
    expect(RELEASE_VERSION).toBe(version);
    expect(npxBridgeCommand('install')).toBe(`npx mailglance-bridge@${version} install`);
  });

  it('every documented `npx mailglance-bridge` names this exact version', () => {
    const unpinned: string[] = [];
    const wrong: string[] = [];
    for (const file of files(ROOT)) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      for (const m of text.matchAll(/npx\s+mailglance-bridge(@[^\s`'"]*)?/g)) {
        if (!m[1]) unpinned.push(`${where}: ${m[0]}`);
      }
      for (const m of text.matchAll(/mailglance-bridge@(\d[^\s`'"<>)]*)/g)) {
        if (m[1] !== version) wrong.push(`${where}: ${m[0]}`);
      }
    }
    expect(unpinned).toEqual([]);
    expect(wrong).toEqual([]);
  });
});
