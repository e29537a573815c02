// Builds the publishable npm package for the bridge in dist/npm/ and packs it there as
// mailglance-bridge-<version>.tgz. The root package ("mailglance") is private and carries the
// extension's build tooling; users only need the bundle and the native modules it keeps external,
// so `npx mailglance-bridge@<version> install` (README) installs just that.
// Nothing is resolved afresh on a user's machine: the runtime dependencies carry the exact
// versions of package-lock.json, and npm-shrinkwrap.json (the lock's entries for exactly those
// packages, with their integrity hashes) pins their whole tree, optional platform packages included.
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
for (const name of externals) {
  if (!pkg.dependencies?.[name])
    throw new Error(`${name} is external in the bundle but not a dependency in package.json`);
}

const lock = JSON.parse(readFileSync(root('package-lock.json'), 'utf8'));
if (lock.lockfileVersion < 2) throw new Error('package-lock.json must be lockfileVersion 2 or newer');

/** The lock entry npm would use for `name` required from `from` (node_modules lookup upwards). */
function lockEntry(name, from) {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[key]) return [key, lock.packages[key]];
    if (!dir) throw new Error(`${name} is not in package-lock.json`);
  }
}

// The runtime dependencies' whole tree, copied from the lock (dev-only fields dropped).
const shrinkwrapPackages = {};
const queue = externals.map((name) => [name, '']);
while (queue.length) {
  const [name, from] = queue.shift();
  const [key, entry] = lockEntry(name, from);
  if (shrinkwrapPackages[key]) continue;
  if (!entry.version || !entry.integrity) throw new Error(`${key} has no exact version or integrity in the lock`);
  shrinkwrapPackages[key] = Object.fromEntries(
    Object.entries(entry).filter(([field]) => !['dev', 'devOptional', 'peer'].includes(field)),
  );
  for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) queue.push([dep, key]);
}
const dependencies = Object.fromEntries(
  externals.map((name) => [name, shrinkwrapPackages[lockEntry(name, '')[0]].version]),
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
  files: [BUNDLE, 'npm-shrinkwrap.json'],
  engines: { node: '>=20.19' },
  dependencies,
};
writeFileSync(`${OUT}/package.json`, JSON.stringify(manifest, null, 2) + '\n');
const { name, version, license, bin, engines } = manifest;
const shrinkwrap = {
  name,
  version,
  lockfileVersion: 3,
  requires: true,
  packages: { '': { name, version, license, dependencies, bin, engines }, ...shrinkwrapPackages },
};
writeFileSync(`${OUT}/npm-shrinkwrap.json`, JSON.stringify(shrinkwrap, null, 2) + '\n');
copyFileSync(root('LICENSE'), `${OUT}/LICENSE`);
writeFileSync(
  `${OUT}/README.md`,
  `# mailglance-bridge

The companion program of the Mailglance browser extension (Chrome and Firefox). A browser cannot
open TCP sockets, so the bridge speaks IMAP, POP3 and SMTP to your mail servers and talks to the
extension over native messaging. It keeps account settings in its config folder and passwords in
the OS keyring (or a 0600 file when no keyring answers).

\`\`\`sh
npx mailglance-bridge@${pkg.version} install   # copy the bridge to a stable folder and register it with your browsers
npx mailglance-bridge@${pkg.version} doctor    # what is registered where, and what is wrong
npx mailglance-bridge@${pkg.version} --help    # every command: install, uninstall, doctor, account add|list|remove|test
\`\`\`

Always name the exact version: the extension shows the command for the bridge it was built
with. Needs Node.js ${manifest.engines.node}. License: ${manifest.license} (see LICENSE).
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
