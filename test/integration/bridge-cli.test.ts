/** The built `mailglance-bridge` command as a user runs it: install, doctor, accounts, exit codes. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../src/protocol/extension-ids';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';

let root: string;
const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BRIDGE_BUNDLE, ...args], {
    input,
    encoding: 'utf8',
    env: {
      ...process.env,
      HOME: join(root, 'home'),
      XDG_CONFIG_HOME: join(root, 'xdg'),
      MAILGLANCE_SECRET_STORE: 'file',
    },
  });

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
    const run = spawnSync(join(installDir, 'mailglance-bridge'), [`chrome-extension://${CHROME_EXTENSION_ID}/`], {
      input: Buffer.concat([header, hello]),
      env: { PATH: '/nonexistent', MAILGLANCE_SECRET_STORE: 'file' }, // browsers give hosts a minimal PATH
    });
    const length = run.stdout.readUInt32LE(0);
    expect(JSON.parse(run.stdout.subarray(4, 4 + length).toString())).toMatchObject({
      kind: 'reply',
      id: '1',
      ok: true,
    });
    expect(existsSync(join(root, 'cfg', 'logs', 'bridge.log'))).toBe(true);
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
});
