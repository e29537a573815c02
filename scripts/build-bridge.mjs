// Bundles the bridge into one self-contained CommonJS file (dist/bridge/mailglance-bridge.cjs).
// @napi-rs/keyring is a native addon and stays external: the bridge falls back to a 0600 file without it.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/bridge/cli.ts'],
  outfile: 'dist/bridge/mailglance-bridge.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  external: ['@napi-rs/keyring'],
  define: { __BRIDGE_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__import_meta_url' },
  inject: ['scripts/import-meta-url.cjs'],
  legalComments: 'none',
  logLevel: 'warning',
});
