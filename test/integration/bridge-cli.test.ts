/** The built `mailglance-bridge` command as a user runs it: install, doctor, accounts, exit codes. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../src/protocol/extension-ids';
import { runBridgeCli } from '../support/bridge-cli';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';

let root: string;
const cli = (args: string[], input?: string) => runBridgeCli(root, args, input);

const MANIFEST = 'dev.mailglance.bridge.json';
const CHROME_MANIFEST = `home/.config/google-chrome/NativeMessagingHosts/${MANIFEST}`;
const FIREFOX_MANIFEST = `home/.mozilla/native-messaging-hosts/${MANIFEST}`;

/** One native-messaging frame: a 4-byte little-endian length, then JSON. */
function helloFrame(): Buffer {
  const hello = Buffer.from(
    JSON.stringify({
      kind: 'request',
      id: '1',
      type: 'hello',
      params: { protocolVersion: 1, client: { name: 't', version: '0' } },
    }),
  );
  const header = Buffer.alloc(4);
  header.writeUInt32LE(hello.length);
  return Buffer.concat([header, hello]);
}

function firstFrame(stdout: Buffer): unknown {
  if (stdout.length < 4) return undefined;
  return JSON.parse(stdout.subarray(4, 4 + stdout.readUInt32LE(0)).toString());
}

type BrowserCheck = { browser: string; registered: boolean; status: string; problems: string[] };
const doctorOf = (args: string[]) =>
  Object.fromEntries(
    (JSON.parse(cli(['doctor', '--json', ...args]).stdout).browsers as BrowserCheck[]).map((b) => [b.browser, b]),
  );

beforeAll(() => requireBuilt(BRIDGE_BUNDLE));
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mg-cli-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('mailglance-bridge CLI', () => {
  it('prints --version and --help, and exits 2 on bad usage', () => {
    expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(cli(['--help']).stdout).toContain('mailglance-bridge install');
    const bad = cli(['frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command');
    expect(cli(['install', '--browser', 'netscape']).status).toBe(2);
  });

  it('installs for every browser with exactly our extension ids, and uninstalls', () => {
    const installDir = join(root, 'inst');
    const out = cli(['install', '--install-dir', installDir, '--config-dir', join(root, 'cfg')]);
    expect(out.status, out.stderr).toBe(0);
    const chrome = JSON.parse(
      readFileSync(join(root, 'home/.config/google-chrome/NativeMessagingHosts/dev.mailglance.bridge.json'), 'utf8'),
    );
    expect(chrome.allowed_origins).toEqual([`chrome-extension://${CHROME_EXTENSION_ID}/`]);
    const firefox = JSON.parse(
      readFileSync(join(root, 'home/.mozilla/native-messaging-hosts/dev.mailglance.bridge.json'), 'utf8'),
    );
    expect(firefox.allowed_extensions).toEqual([FIREFOX_EXTENSION_ID]);
    expect(firefox.path).toBe(join(installDir, 'mailglance-bridge'));
    // The launcher has node's absolute path and the baked-in config folder, and is executable.
    const launcher = readFileSync(firefox.path, 'utf8');
    expect(launcher).toContain(`'${process.execPath}'`);
    expect(launcher).toContain(`--config-dir '${join(root, 'cfg')}'`);
    expect(statSync(firefox.path).mode & 0o111).not.toBe(0);

    const doctor = JSON.parse(cli(['doctor', '--json', '--install-dir', installDir]).stdout);
    expect(doctor.browsers.every((b: { registered: boolean }) => b.registered)).toBe(true);
    expect(doctor.nodeVersion).toBe(process.version);

    expect(cli(['uninstall', '--install-dir', installDir]).status).toBe(0);
    expect(existsSync(installDir)).toBe(false);
    const after = JSON.parse(cli(['doctor', '--json']).stdout);
    expect(after.browsers.some((b: { registered: boolean }) => b.registered)).toBe(false);
  });

  it('the installed launcher speaks native messaging', () => {
    const installDir = join(root, 'inst');
    cli([
      'install',
      '--browser',
      'chromium',
      '--user-data-dir',
      join(root, 'profile'),
      '--install-dir',
      installDir,
      '--config-dir',
      join(root, 'cfg'),
    ]);
    const run = spawnSync(join(installDir, 'mailglance-bridge'), [`chrome-extension://${CHROME_EXTENSION_ID}/`], {
      input: helloFrame(),
      env: { PATH: '/nonexistent', MAILGLANCE_SECRET_STORE: 'file' }, // browsers give hosts a minimal PATH
    });
    expect(firstFrame(run.stdout)).toMatchObject({
      kind: 'reply',
      id: '1',
      ok: true,
    });
    expect(existsSync(join(root, 'cfg', 'logs', 'bridge.log'))).toBe(true);
  });

  it('the launcher runs the host with its memory settings, and with gc for the idle collection', async () => {
    const installDir = join(root, 'inst');
    cli(['install', '--browser', 'firefox', '--install-dir', installDir, '--config-dir', join(root, 'cfg')]);
    const host = spawn(join(installDir, 'mailglance-bridge'), [FIREFOX_EXTENSION_ID], {
      env: { PATH: '/nonexistent', MAILGLANCE_SECRET_STORE: 'file' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const exited = new Promise((resolve) => host.once('exit', resolve));
    try {
      const answered = new Promise((resolve) => host.stdout.once('data', resolve));
      host.stdin.write(helloFrame());
      await answered;
      // The launcher has exec'd node by now: its pid is the host's, its environment the launcher's.
      const environ = readFileSync(`/proc/${host.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('MALLOC_ARENA_MAX=2');
      expect(environ.find((v) => v.startsWith('NODE_OPTIONS='))).toMatch(/--max-semi-space-size=1 --expose-gc/);
      // Whether a burst leaves the collector 4 MiB to collect depends on V8's own collections, so
      // a burst is no test of it (its rules are unit-tested); what the launcher must get right is
      // that the host has `gc`.
      const started = readFileSync(join(root, 'cfg', 'logs', 'bridge.log'), 'utf8')
        .split('\n')
        .map((line) => (line ? (JSON.parse(line) as { message: string; idleCollection?: boolean }) : undefined))
        .find((entry) => entry?.message === 'bridge started');
      expect(started?.idleCollection).toBe(true);
    } finally {
      host.stdin.end();
      await exited;
    }
  });

  it('adds, lists and removes accounts; secrets stay in a 0600 file and out of the listing', () => {
    const cfg = ['--config-dir', join(root, 'cfg')];
    const add = cli(
      ['account', 'add', '--type', 'pop3', '--host', 'pop.example.org', '--user', 'ann', '--password-stdin', ...cfg],
      'pw-123\n',
    );
    expect(add.status, add.stderr).toBe(0);
    const id = add.stdout.trim();
    const list = JSON.parse(cli(['account', 'list', '--json', ...cfg]).stdout);
    expect(list).toEqual([
      expect.objectContaining({
        id,
        type: 'pop3',
        port: 995,
        security: 'tls',
        leaveOnServer: true,
        pollIntervalSec: 120,
        hasPassword: true,
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain('pw-123');
    expect(statSync(join(root, 'cfg', 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'cfg', 'accounts.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'cfg')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(join(root, 'cfg', 'secrets.json'), 'utf8'))[id]).toBe('pw-123');

    expect(cli(['account', 'add', '--type', 'imap', '--user', 'x', ...cfg]).status).toBe(2); // no host
    expect(cli(['account', 'remove', 'nope', ...cfg]).status).toBe(5);
    expect(cli(['account', 'remove', id, ...cfg]).status).toBe(0);
    expect(cli(['account', 'list', ...cfg]).stdout).toContain('no accounts');
    expect(readFileSync(join(root, 'cfg', 'secrets.json'), 'utf8')).not.toContain('pw-123');
  });

  it('uninstall --browser X removes only that browser; the launcher goes with the last manifest pointing at it', () => {
    const installDir = join(root, 'inst');
    const launcher = join(installDir, 'mailglance-bridge');
    expect(cli(['install', '--install-dir', installDir]).status).toBe(0);

    const one = cli(['uninstall', '--browser', 'chrome', '--install-dir', installDir]);
    expect(one.status, one.stderr).toBe(0);
    expect(existsSync(join(root, CHROME_MANIFEST))).toBe(false);
    expect(existsSync(join(root, FIREFOX_MANIFEST))).toBe(true);
    expect(existsSync(launcher)).toBe(true);
    expect(existsSync(join(installDir, 'mailglance-bridge.cjs'))).toBe(true);
    const doctor = doctorOf(['--install-dir', installDir]);
    expect(doctor.chrome.status).toBe('not-registered');
    expect(doctor.firefox.status).toBe('registered');

    expect(cli(['uninstall', '--browser', 'chromium,edge,brave', '--install-dir', installDir]).status).toBe(0);
    expect(existsSync(launcher)).toBe(true); // Firefox still uses it
    const last = cli(['uninstall', '--browser', 'firefox', '--install-dir', installDir]);
    expect(last.stdout).toContain(`removed ${installDir}`);
    expect(existsSync(installDir)).toBe(false);
  });

  it('uninstall keeps the launcher for a Chromium --user-data-dir manifest, and `all` removes everything', () => {
    const installDir = join(root, 'inst');
    const profile = join(root, 'profile');
    const profileManifest = join(profile, 'NativeMessagingHosts', MANIFEST);
    cli(['install', '--browser', 'chromium', '--user-data-dir', profile, '--install-dir', installDir]);
    cli(['install', '--browser', 'firefox', '--install-dir', installDir]);

    expect(cli(['uninstall', '--browser', 'firefox', '--install-dir', installDir]).status).toBe(0);
    expect(existsSync(join(root, FIREFOX_MANIFEST))).toBe(false);
    expect(existsSync(profileManifest)).toBe(true);
    expect(existsSync(join(installDir, 'mailglance-bridge'))).toBe(true);

    // Reinstall Firefox, then remove everything: no manifest is left pointing into a deleted folder.
    cli(['install', '--browser', 'firefox', '--install-dir', installDir]);
    expect(cli(['uninstall', '--install-dir', installDir]).status).toBe(0);
    expect(existsSync(installDir)).toBe(false);
    expect(existsSync(join(root, FIREFOX_MANIFEST))).toBe(false);
    expect(existsSync(profileManifest)).toBe(false);
  });

  it('doctor reads each manifest: wrong ids, broken JSON and a deleted launcher are reported per browser', () => {
    const installDir = join(root, 'inst');
    cli(['install', '--browser', 'chrome,chromium,firefox', '--install-dir', installDir]);
    const chromium = join(root, `home/.config/chromium/NativeMessagingHosts/${MANIFEST}`);
    const chrome = JSON.parse(readFileSync(join(root, CHROME_MANIFEST), 'utf8'));
    chrome.allowed_origins.push('chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/');
    writeFileSync(join(root, CHROME_MANIFEST), JSON.stringify(chrome));
    writeFileSync(chromium, '{"name": "dev.mailglance.bridge", ');

    let doctor = doctorOf(['--install-dir', installDir]);
    expect(doctor.chrome).toMatchObject({ status: 'wrong-extension-ids', registered: false });
    expect(doctor.chromium).toMatchObject({ status: 'invalid-manifest', registered: false });
    expect(doctor.firefox).toMatchObject({ status: 'registered', registered: true, problems: [] });
    expect(doctor.edge).toMatchObject({ status: 'not-registered', registered: false });

    rmSync(join(installDir, 'mailglance-bridge'));
    doctor = doctorOf(['--install-dir', installDir]);
    expect(doctor.firefox).toMatchObject({ status: 'launcher-missing', registered: false });
    expect(doctor.firefox.problems[0]).toContain(join(installDir, 'mailglance-bridge'));
    const text = cli(['doctor', '--install-dir', installDir]).stdout;
    expect(text).toMatch(/firefox +launcher MISSING/);
    expect(text).toMatch(/chrome +WRONG extension ids/);
  });

  it('refuses unknown options and missing values with exit 2 instead of guessing', () => {
    const installDir = join(root, 'inst');
    const typo = cli(['install', '--browsr', 'firefox', '--install-dir', installDir]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('unknown option --browsr');
    expect(existsSync(installDir)).toBe(false);
    expect(existsSync(join(root, 'home'))).toBe(false); // nothing was registered anywhere

    const noValue = cli(['install', '--browser']);
    expect(noValue.status).toBe(2);
    expect(noValue.stderr).toContain('--browser needs a value');
    expect(noValue.stderr).not.toContain('    at '); // no stack trace
    expect(cli(['install', '--browser', '--install-dir', installDir]).status).toBe(2);
    expect(cli(['doctor', '--jsn']).status).toBe(2);
    expect(cli(['uninstall', 'firefox']).status).toBe(2);
    // The account subcommand keeps its own flags, and its typos are usage errors too.
    expect(cli(['account', 'list', '--json', '--config-dir', join(root, 'cfg')]).stdout.trim()).toBe('[]');
    expect(cli(['--config-dir', join(root, 'cfg'), 'account', 'list']).stdout).toContain('no accounts');
    expect(cli(['account', 'add', '--hots', 'x', '--config-dir', join(root, 'cfg')]).status).toBe(2);
  });

  it('starts host mode only for `host` or a browser launch, not for any .json argument', () => {
    const env = { PATH: '/nonexistent', MAILGLANCE_SECRET_STORE: 'file' };
    const cfg = ['--config-dir', join(root, 'cfg')];
    const launch = (args: string[]) =>
      spawnSync(process.execPath, [BRIDGE_BUNDLE, ...args, ...cfg], { input: helloFrame(), env, timeout: 20_000 });
    const ok = { kind: 'reply', id: '1', ok: true };
    expect(firstFrame(launch([`chrome-extension://${CHROME_EXTENSION_ID}/`]).stdout)).toMatchObject(ok);
    // Chrome on Windows appends --parent-window=<handle>.
    expect(
      firstFrame(launch([`chrome-extension://${CHROME_EXTENSION_ID}/`, '--parent-window=0']).stdout),
    ).toMatchObject(ok);
    expect(firstFrame(launch([join(root, MANIFEST), FIREFOX_EXTENSION_ID]).stdout)).toMatchObject(ok);
    expect(firstFrame(launch(['host']).stdout)).toMatchObject(ok);

    const notHost = launch(['settings.json']);
    expect(notHost.status).toBe(2);
    expect(notHost.stderr.toString()).toContain('unknown command "settings.json"');
    expect(launch(['doctor', 'x.json']).status).toBe(2);
  });
});
