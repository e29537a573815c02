// Bundles the bridge into one self-contained CommonJS file (dist/bridge/mailglance-bridge.cjs).
// @napi-rs/keyring is a native addon and stays external: the bridge falls back to a 0600 file without it.
//
// The libraries listed in LATE are bundled on their own, in two groups, each compressed into a
// string the bridge's bundle carries and inflated and compiled on its first use
// (scripts/bridge-late-loader.js): the browser waits on `hello` while Node reads and compiles the
// bundle, and those libraries are three quarters of it. The bridge must import them with
// `import()` (a static import would load them at start): the check after the build fails otherwise.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';

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

/**
 * Never loaded before `hello`: `imap` once an IMAP account connects, `mail` once a message is
 * parsed or sent. Two groups, because a bridge at rest needs only the first, and every library
 * loaded keeps its whole source in memory for as long as the bridge runs.
 */
const LATE = {
  imap: ['imapflow'],
  mail: ['postal-mime', 'nodemailer/lib/mail-composer', 'nodemailer/lib/smtp-connection'],
};
const LATE_GROUP = Object.fromEntries(Object.entries(LATE).flatMap(([group, specs]) => specs.map((s) => [s, group])));

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
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
};

/**
 * As a plain string the libraries would still cost a third of the start: V8 reads and scans a
 * 2 MB string literal about as slowly as code (≈ 11 ms/MB each, measured on a 2-core Debian machine).
 * Brotli'd and in base64 it is a fifth of that; inflating it on first use costs ≈ 30 ms once.
 */
function compress(bytes) {
  const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
  return zlib.brotliCompressSync(bytes, { params }).toString('base64');
}

/** One group's libraries as one CommonJS script: `exports[specifier]()` loads that library. */
async function bundleGroup(specs) {
  const out = await build({
    ...shared,
    stdin: {
      contents: specs
        .map((spec) => `exports[${JSON.stringify(spec)}] = () => require(${JSON.stringify(spec)});`)
        .join('\n'),
      resolveDir: process.cwd(),
      sourcefile: 'late-libraries.cjs',
    },
    write: false,
  });
  return out.outputFiles[0].contents;
}
const late = {};
for (const [group, specs] of Object.entries(LATE)) late[group] = compress(await bundleGroup(specs));

/**
 * Each LATE import in the bridge becomes a call into the loader; the loader's sources, one function
 * per group whose body is its string. The loader reads the function's text rather than a string
 * export, which would stay in memory after it was inflated (bridge-late-loader.js).
 */
const lateLibraries = {
  name: 'late-libraries',
  setup(b) {
    const filter = new RegExp(
      `^(${Object.keys(LATE_GROUP)
        .map((s) => s.replace(/[/.-]/g, '\\$&'))
        .join('|')})$`,
    );
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'late' }));
    b.onLoad({ filter: /.*/, namespace: 'late' }, (args) => ({
      contents: `module.exports = require('./scripts/bridge-late-loader.js').lateModule(${JSON.stringify(LATE_GROUP[args.path])}, ${JSON.stringify(args.path)});`,
      resolveDir: process.cwd(),
      loader: 'js',
    }));
    b.onResolve({ filter: /^mailglance:late-source$/ }, () => ({ path: 'source', namespace: 'late-source' }));
    b.onLoad({ filter: /.*/, namespace: 'late-source' }, () => ({
      contents: Object.entries(late)
        .map(([group, packed]) => `exports[${JSON.stringify(group)}] = () => ${JSON.stringify(packed)};`)
        .join('\n'),
      loader: 'js',
    }));
  },
};

const OUT = 'dist/bridge/mailglance-bridge.cjs';
await build({
  ...shared,
  entryPoints: ['src/bridge/cli.ts'],
  outfile: OUT,
  banner: { js: '#!/usr/bin/env node' },
  plugins: [lateLibraries],
});

// A static import of a late library would load them all at start (esbuild runs an ESM module's
// imports when the bundle starts); its tell in the output is `var import_x=__toESM(require_x())`.
const bundle = readFileSync(OUT, 'utf8');
const eager = bundle.match(
  /var import_\w+=__toESM\(require_(imapflow|postal_mime|mail_composer|smtp_connection)\d*\(\)/,
);
if (eager) {
  throw new Error(
    `a late library is imported statically (${eager[0]}): use import() for ${Object.keys(LATE_GROUP).join(', ')}`,
  );
}
