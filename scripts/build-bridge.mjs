// Bundles the bridge into one self-contained CommonJS file (dist/bridge/mailglance-bridge.cjs).
// @napi-rs/keyring is a native addon and stays external: the bridge falls back to a 0600 file without it.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The OAuth apps this build signs in with (docs/oauth.md): set these when building a release.
// Unset, the bundle carries none and "Sign in with ..." asks for the user's own client id.
const env = process.env;
const oauthClients = {
  ...(env.MAILGLANCE_GOOGLE_CLIENT_ID && {
    google: {
      clientId: env.MAILGLANCE_GOOGLE_CLIENT_ID,
      // Google's desktop-app "secret" is not confidential (RFC 8252 §8.5), but Google still asks for it.
      clientSecret: env.MAILGLANCE_GOOGLE_CLIENT_SECRET || undefined,
    },
  }),
  ...(env.MAILGLANCE_MICROSOFT_CLIENT_ID && { microsoft: { clientId: env.MAILGLANCE_MICROSOFT_CLIENT_ID } }),
};

await build({
  entryPoints: ['src/bridge/cli.ts'],
  outfile: 'dist/bridge/mailglance-bridge.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  external: ['@napi-rs/keyring'],
  define: {
    __BRIDGE_VERSION__: JSON.stringify(pkg.version),
    __OAUTH_CLIENTS__: JSON.stringify(oauthClients),
    'import.meta.url': '__import_meta_url',
  },
  inject: ['scripts/import-meta-url.cjs'],
  legalComments: 'none',
  // A third less to read and parse at every start (the browser waits on it for `hello`); names
  // stay, so stack traces in the log still say which function failed.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
