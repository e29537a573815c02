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

/** The Linux x64 single executable (`npm run build:sea`). */
export const STANDALONE_BRIDGE = resolve(ROOT, 'dist/sea/linux-x64/mailglance-bridge');

/**
 * What the end-to-end tests install as the native host: node and the bundle, or with
 * `MAILGLANCE_E2E_BRIDGE=standalone` the single executable (which needs no node at all).
 */
export const E2E_BRIDGE: { kind: 'bundle' | 'standalone'; program: string[]; built: string } =
  process.env.MAILGLANCE_E2E_BRIDGE === 'standalone'
    ? { kind: 'standalone', program: [STANDALONE_BRIDGE], built: STANDALONE_BRIDGE }
    : { kind: 'bundle', program: [process.execPath, BRIDGE_BUNDLE], built: BRIDGE_BUNDLE };
