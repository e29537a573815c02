/** Paths of the built artefacts the end-to-end tests load (`npm run build` makes them). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROME_BUILD = resolve(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = resolve(ROOT, '.output/firefox-mv2');
export const BRIDGE_BUNDLE = resolve(ROOT, 'dist/bridge/mailglance-bridge.cjs');

export function requireBuilt(...paths: string[]): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')} — run \`npm run build\` first`);
}
