// Builds the publishable npm package for the bridge in dist/npm/ and packs it there as
// mailglance-bridge-<version>.tgz. The root package ("mailglance") is private and carries the
// extension's build tooling; users only need the bundle and the native modules it keeps external,
// so `npx mailglance-bridge install` (README) installs just that.
// Run after `npm run build:bridge` (`npm run pack:bridge` does both).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const BUNDLE = 'mailglance-bridge.cjs';
const OUT = root('dist/npm');

const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8'));
const bundle = root(`dist/bridge/${BUNDLE}`);
if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build:bridge\` first`);

// What the bundle leaves to require() at run time is exactly esbuild's `external` list, so read
// it from the build script rather than keeping a second list here that could drift.
const buildScript = readFileSync(root('scripts/build-bridge.mjs'), 'utf8');
const externalList = /external:\s*\[([^\]]*)\]/.exec(buildScript);
if (!externalList) throw new Error('no `external: [...]` found in scripts/build-bridge.mjs');
const externals = [...externalList[1].matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]);
const dependencies = Object.fromEntries(
  externals.map((name) => {
    const range = pkg.dependencies?.[name];
    if (!range) throw new Error(`${name} is external in the bundle but not a dependency in package.json`);
    return [name, range];
  }),
);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
copyFileSync(bundle, `${OUT}/${BUNDLE}`);
chmodSync(`${OUT}/${BUNDLE}`, 0o755);

const manifest = {
  name: 'mailglance-bridge',
  version: pkg.version,
  description: 'The Mailglance bridge: IMAP and POP3 for the Mailglance browser extension, over native messaging.',
  license: pkg.license,
  keywords: ['mailglance', 'imap', 'pop3', 'native-messaging', 'browser-extension'],
  bin: { 'mailglance-bridge': BUNDLE },
  files: [BUNDLE],
  engines: { node: '>=20.19' },
  dependencies,
};
writeFileSync(`${OUT}/package.json`, JSON.stringify(manifest, null, 2) + '\n');
writeFileSync(
  `${OUT}/README.md`,
  `# mailglance-bridge

The companion program of the Mailglance browser extension (Chrome and Firefox). A browser cannot
open TCP sockets, so the bridge speaks IMAP, POP3 and SMTP to your mail servers and talks to the
extension over native messaging. It keeps account settings in its config folder and passwords in
the OS keyring (or a 0600 file when no keyring answers).

\`\`\`sh
npx mailglance-bridge install     # copy the bridge to a stable folder and register it with your browsers
npx mailglance-bridge doctor      # what is registered where, and what is wrong
npx mailglance-bridge --help      # every command: install, uninstall, doctor, account add|list|remove|test
\`\`\`

Needs Node.js ${manifest.engines.node}. License: ${manifest.license}.
`,
);

// --ignore-scripts: the folder has none, and packing must not run anything from elsewhere.
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', OUT], {
    cwd: OUT,
    encoding: 'utf8',
    shell: process.platform === 'win32', // npm is npm.cmd there
  }),
);
process.stdout.write(`packed ${OUT}/${packed[0].filename}\n`);
