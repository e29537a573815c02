// Builds dist/deb/mailglance-bridge_<version>_amd64.deb from the Linux single executable
// (`npm run build:sea` first; `npm run build:deb` does both):
//
//   /usr/lib/mailglance-bridge/mailglance-bridge          the executable (+ the keyring addon beside it)
//   /usr/bin/mailglance-bridge                            a symlink, for `mailglance-bridge account add`
//   /etc/chromium/native-messaging-hosts/…json            system-wide host manifests: every user of the
//   /etc/opt/chrome/native-messaging-hosts/…json          machine gets the bridge without a per-user step
//   /usr/lib/mozilla/native-messaging-hosts/…json
//
// The manifests point at the executable itself: it recognises a browser's launch arguments and
// runs as the host with the user's own config folder (~/.config/mailglance). They are not
// conffiles (nobody edits them), so `dpkg -r` removes them with the rest; each user's config
// folder is theirs and stays.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const SEA = root('dist/sea/linux-x64');
const OUT = root('dist/deb');
const STAGE = join(OUT, 'root');
const LIB = '/usr/lib/mailglance-bridge';
const EXE = `${LIB}/mailglance-bridge`;
const HOST = 'dev.mailglance.bridge';

if (!existsSync(join(SEA, 'mailglance-bridge'))) {
  throw new Error(`${SEA}/mailglance-bridge is missing: run \`npm run build:sea\` first`);
}
const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8'));
// The extension ids live in TypeScript; read the two constants rather than restating them.
const ids = readFileSync(root('src/protocol/extension-ids.ts'), 'utf8');
const idOf = (name) => {
  const m = new RegExp(`export const ${name}\\s*=\\s*'([^']+)'`).exec(ids);
  if (!m) throw new Error(`${name} not found in src/protocol/extension-ids.ts`);
  return m[1];
};
const chromeId = idOf('CHROME_EXTENSION_ID');
const firefoxId = idOf('FIREFOX_EXTENSION_ID');

const manifest = (allow) =>
  JSON.stringify(
    {
      name: HOST,
      description: 'Mailglance bridge: IMAP and POP3 for the Mailglance extension',
      path: EXE,
      type: 'stdio',
      ...allow,
    },
    null,
    2,
  ) + '\n';
const chrome = manifest({ allowed_origins: [`chrome-extension://${chromeId}/`] });
const MANIFESTS = {
  [`/etc/chromium/native-messaging-hosts/${HOST}.json`]: chrome,
  [`/etc/opt/chrome/native-messaging-hosts/${HOST}.json`]: chrome,
  [`/usr/lib/mozilla/native-messaging-hosts/${HOST}.json`]: manifest({ allowed_extensions: [firefoxId] }),
};

rmSync(OUT, { recursive: true, force: true });
const at = (path) => join(STAGE, path);
mkdirSync(at(LIB), { recursive: true });
copyFileSync(join(SEA, 'mailglance-bridge'), at(EXE));
chmodSync(at(EXE), 0o755);
cpSync(join(SEA, 'node_modules'), at(`${LIB}/node_modules`), { recursive: true });
// What `doctor` reads to report the installed version (src/bridge/install/installed-version.ts).
writeFileSync(at(`${LIB}/installed.json`), JSON.stringify({ version: pkg.version, kind: 'deb' }) + '\n');
mkdirSync(at('/usr/bin'), { recursive: true });
symlinkSync(EXE, at('/usr/bin/mailglance-bridge'));
for (const [path, text] of Object.entries(MANIFESTS)) {
  mkdirSync(dirname(at(path)), { recursive: true });
  writeFileSync(at(path), text, { mode: 0o644 });
}
mkdirSync(at('/usr/share/doc/mailglance-bridge'), { recursive: true });
copyFileSync(root('LICENSE'), at('/usr/share/doc/mailglance-bridge/copyright'));

const installedKb = Math.ceil(
  Number(execFileSync('du', ['-sk', '--apparent-size', STAGE], { encoding: 'utf8' }).split('\t')[0]),
);
mkdirSync(at('/DEBIAN'), { recursive: true });
writeFileSync(
  at('/DEBIAN/control'),
  [
    'Package: mailglance-bridge',
    `Version: ${pkg.version}`,
    'Architecture: amd64',
    'Maintainer: The Mailglance contributors <mailglance@users.noreply.github.com>',
    `Installed-Size: ${installedKb}`,
    // What the official Node binary links against.
    'Depends: libc6 (>= 2.28), libstdc++6, libgcc-s1',
    'Section: mail',
    'Priority: optional',
    'Description: IMAP and POP3 for the Mailglance browser extension',
    ' The companion program of the Mailglance extension for Chrome, Chromium and',
    ' Firefox. A browser cannot open TCP sockets, so the bridge talks IMAP, POP3',
    ' and SMTP to your mail servers and to the extension over native messaging.',
    ' This package registers it system-wide for every user of the machine.',
    '',
  ].join('\n'),
);

const deb = join(OUT, `mailglance-bridge_${pkg.version}_amd64.deb`);
execFileSync('dpkg-deb', ['--build', '--root-owner-group', STAGE, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
rmSync(STAGE, { recursive: true, force: true });
process.stdout.write(`built ${deb} (${(readFileSync(deb).length / 1e6).toFixed(1)} MB)\n`);
