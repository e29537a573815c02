/**
 * The single-executable bridge (scripts/build-sea.mjs) on a machine without node: every command
 * runs with a PATH that has no node on it — `--version`, `install`, `doctor`, `account add`,
 * `account test` against a real Dovecot over TLS, and host mode through the installed launcher,
 * whose `hello` reports the same version as `--version`.
 * The keyring addon shipped beside the executable (and copied along by `install`) reaches a real
 * Secret Service. The other platforms' artefacts are checked for their format and the blob they carry.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { CHROME_EXTENSION_ID } from '../../src/protocol/extension-ids';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { ROOT, STANDALONE_BRIDGE, requireBuilt } from '../support/built';
import { requireKeyringPrograms, startKeyringSession } from '../support/keyring-session';

const SEA_DIR = join(ROOT, 'dist/sea');
const FUSE_FLIPPED = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1';
let root: string;
let dovecot: Dovecot;
/** No node anywhere on it: an empty folder. */
let env: NodeJS.ProcessEnv;

/** One native-messaging frame: a 4-byte little-endian length, then JSON. */
function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message));
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length);
  return Buffer.concat([header, body]);
}

function frames(stdout: Buffer): Record<string, unknown>[] {
  const out = [];
  for (let at = 0; at + 4 <= stdout.length;) {
    const length = stdout.readUInt32LE(at);
    out.push(JSON.parse(stdout.subarray(at + 4, at + 4 + length).toString()));
    at += 4 + length;
  }
  return out;
}

const run = (program: string, args: string[], input?: string | Buffer) =>
  spawnSync(program, args, { input, env, timeout: 30_000 });
const text = (r: ReturnType<typeof run>) => r.stdout.toString();

describe.skipIf(!requireDovecot())('the standalone bridge executable', () => {
  beforeAll(async () => {
    requireBuilt(STANDALONE_BRIDGE);
    root = mkdtempSync(join(tmpdir(), 'mg-sea-'));
    env = { PATH: join(root, 'empty-path'), HOME: join(root, 'home'), MAILGLANCE_SECRET_STORE: 'file' };
    dovecot = await startDovecot({ users: [{ user: 'sea@example.org', password: 'sea-pw-1' }] });
  });
  afterAll(async () => {
    await dovecot?.destroy();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('has no node on the PATH it runs with', () => {
    expect(spawnSync('/bin/sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
  });

  it('installs, registers, adds and tests an account, and serves hello as a host: no node needed', () => {
    const config = join(root, 'config');
    const installDir = join(root, 'install');
    const profile = join(root, 'profile');
    const cfg = ['--config-dir', config];

    const ver = run(STANDALONE_BRIDGE, ['--version']);
    expect(ver.status, ver.stderr.toString()).toBe(0);
    expect(text(ver).trim()).toBe(version);

    const installed = run(STANDALONE_BRIDGE, [
      'install',
      '--browser',
      'chromium',
      '--user-data-dir',
      profile,
      '--install-dir',
      installDir,
      ...cfg,
    ]);
    expect(installed.status, installed.stderr.toString()).toBe(0);
    const manifest = JSON.parse(readFileSync(join(profile, 'NativeMessagingHosts/dev.mailglance.bridge.json'), 'utf8'));
    expect(manifest.allowed_origins).toEqual([`chrome-extension://${CHROME_EXTENSION_ID}/`]);
    // The launcher starts the installed executable itself; it names no node.
    const launcher = readFileSync(manifest.path, 'utf8');
    expect(launcher).toContain(`exec '${join(installDir, 'bin/mailglance-bridge')}' host --config-dir '${config}'`);
    expect(launcher).not.toMatch(/node/);
    // The keyring addon came along beside the installed executable.
    expect(existsSync(join(installDir, 'bin/node_modules/@napi-rs/keyring/keyring.linux-x64-gnu.node'))).toBe(true);

    const doctor = run(STANDALONE_BRIDGE, [
      'doctor',
      '--json',
      '--user-data-dir',
      profile,
      '--install-dir',
      installDir,
      ...cfg,
    ]);
    expect(doctor.status, doctor.stderr.toString()).toBe(0);
    const report = JSON.parse(text(doctor));
    expect(report.bridgeVersion).toBe(version);
    expect(report.browsers.find((b: { browser: string }) => b.browser === 'chromium')).toMatchObject({
      status: 'registered',
    });

    const add = run(
      STANDALONE_BRIDGE,
      [
        'account',
        'add',
        '--type',
        'imap',
        '--host',
        dovecot.host,
        '--port',
        String(dovecot.ports.imaps),
        '--security',
        'tls',
        '--accept-cert',
        dovecot.certFingerprint,
        '--user',
        'sea@example.org',
        '--password-stdin',
        ...cfg,
      ],
      'sea-pw-1',
    );
    expect(add.status, add.stderr.toString()).toBe(0);
    const accountId = text(add).trim();
    // TLS, the pinned certificate and the login, all from inside the executable.
    const tested = run(STANDALONE_BRIDGE, ['account', 'test', accountId, '--json', ...cfg]);
    expect(tested.status, tested.stderr.toString() + text(tested)).toBe(0);

    // Host mode as Chromium starts it: the launcher, the caller's origin, frames on stdio.
    const host = run(
      manifest.path,
      [`chrome-extension://${CHROME_EXTENSION_ID}/`],
      Buffer.concat([
        frame({
          kind: 'request',
          id: '1',
          type: 'hello',
          params: { protocolVersion: 1, client: { name: 'test', version } },
        }),
        frame({ kind: 'request', id: '2', type: 'accounts.list', params: {} }),
      ]),
    );
    const replies = frames(host.stdout);
    expect(
      replies.find((f) => f.id === '1'),
      host.stderr.toString(),
    ).toMatchObject({
      ok: true,
      result: { bridgeVersion: version, secretStore: 'file' },
    });
    expect(replies.find((f) => f.id === '2')).toMatchObject({
      ok: true,
      result: { accounts: [expect.objectContaining({ id: accountId, user: 'sea@example.org' })] },
    });
  });

  it.runIf(requireKeyringPrograms())(
    'the installed copy keeps passwords in the OS keyring through the addon beside it',
    async () => {
      const keyring = await startKeyringSession(join(root, 'session'));
      try {
        const keyringEnv = { ...keyring.env, PATH: join(root, 'empty-path') };
        const installDir = join(root, 'keyring-install');
        const config = ['--config-dir', join(root, 'keyring-config')];
        const installed = spawnSync(
          STANDALONE_BRIDGE,
          ['install', '--browser', 'firefox', '--install-dir', installDir, ...config],
          {
            env: keyringEnv,
          },
        );
        expect(installed.status, installed.stderr.toString()).toBe(0);
        const copy = join(installDir, 'bin/mailglance-bridge');
        const add = spawnSync(
          copy,
          [
            'account',
            'add',
            '--type',
            'pop3',
            '--host',
            'pop.example.org',
            '--user',
            'k@example.org',
            '--password-stdin',
            ...config,
          ],
          { input: 'keyring-secret-1', env: keyringEnv },
        );
        expect(add.status, add.stderr.toString()).toBe(0);
        expect(keyring.lookup({ service: 'mailglance', username: add.stdout.toString().trim() })).toBe(
          'keyring-secret-1',
        );
        const doctor = spawnSync(copy, ['doctor', '--json', ...config], { env: keyringEnv });
        expect(JSON.parse(doctor.stdout.toString()).secretStore).toBe('keyring');
      } finally {
        await keyring.stop();
      }
    },
  );

  it('every built platform artefact has its format and carries this blob and Node version', () => {
    const built = JSON.parse(readFileSync(join(SEA_DIR, 'artefacts.json'), 'utf8'));
    expect(built.version).toBe(version);
    const blob = readFileSync(join(SEA_DIR, 'sea-prep.blob'));
    const formats: Record<string, RegExp> = {
      'linux-x64': /^ELF 64-bit LSB (pie )?executable, x86-64/,
      'win-x64': /^PE32\+ executable \(console\) x86-64, for MS Windows/,
      'darwin-x64': /^Mach-O 64-bit x86_64 executable/,
      'darwin-arm64': /^Mach-O 64-bit arm64 executable/,
    };
    const targets = built.targets.filter((t: { skipped?: string }) => !t.skipped);
    expect(targets.map((t: { target: string }) => t.target)).toContain('linux-x64');
    for (const t of targets as { target: string; exe: string; archive: string }[]) {
      // The release archive holds the folder: the executable with the keyring addon beside it.
      const listing = t.archive.endsWith('.zip')
        ? spawnSync('zip', ['-sf', t.archive], { encoding: 'utf8' }).stdout
        : spawnSync('tar', ['tzf', t.archive], { encoding: 'utf8' }).stdout;
      expect(listing, t.archive).toMatch(/mailglance-bridge(\.exe)?\n/);
      expect(listing, t.archive).toMatch(/node_modules\/@napi-rs\/keyring\/keyring\.[\w-]+\.node/);
      const described = spawnSync('file', ['-b', t.exe], { encoding: 'utf8' }).stdout;
      expect(described, t.target).toMatch(formats[t.target]);
      const exe = readFileSync(t.exe);
      expect(exe.includes(blob), `${t.target} carries the blob`).toBe(true);
      expect(exe.includes(FUSE_FLIPPED), `${t.target} has its SEA fuse flipped`).toBe(true);
      expect(exe.includes(`v${built.node}`), `${t.target} is Node ${built.node}`).toBe(true);
    }
    expect(blob.includes(`"${version}"`)).toBe(true);
  });
});
