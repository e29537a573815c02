/**
 * The OS-keyring secret store as a Linux desktop user gets it: the built bridge (CLI and native
 * host) against a real Secret Service (gnome-keyring on a private D-Bus session bus) and a real
 * Dovecot. The password goes into the keyring and into no file under the config folder, the
 * bridge reads it back to log in, `account remove` deletes it, and without a Secret Service the
 * bridge uses the 0600 file and says so: never the kernel keyring, which forgets at reboot.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { BridgeProcess } from '../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';
import { KEYCTL, type KeyringSession, requireKeyringPrograms, startKeyringSession } from '../support/keyring-session';

const run = requireDovecot() && requireKeyringPrograms({ keyctl: true });

/** Random, so finding it anywhere means it leaked, not that some fixture happens to contain it. */
const PASSWORD = `kr-${randomBytes(12).toString('hex')}`;
const FILE_PASSWORD = `fb-${randomBytes(12).toString('hex')}`;
const NO_KEYRING = '0600 file in the config folder (no keyring answered)';
/** A D-Bus call that waits for an answer gives up after 25 s; a missing keyring must not cost that. */
const FALLBACK_BUDGET_MS = 5_000;

describe.skipIf(!run)('OS keyring secret store (Secret Service over D-Bus)', () => {
  let root: string;
  let dc: Dovecot;
  let keyring: KeyringSession;
  let accountId: string;
  const configDir = () => join(root, 'config');

  function bridgeEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...keyring.env, ...overrides };
    delete env.MAILGLANCE_SECRET_STORE;
    return env;
  }

  function cli(args: string[], opts: { input?: string; env?: Record<string, string>; prefix?: string[] } = {}) {
    const command = [...(opts.prefix ?? []), process.execPath, BRIDGE_BUNDLE, ...args, '--config-dir', configDir()];
    const started = Date.now();
    const result = spawnSync(command[0], command.slice(1), {
      input: opts.input,
      encoding: 'utf8',
      env: bridgeEnv(opts.env),
    });
    return { ...result, ms: Date.now() - started };
  }

  function addImapAccount(password: string, opts: { env?: Record<string, string>; prefix?: string[] } = {}): string {
    const add = cli(
      [
        'account',
        'add',
        '--type',
        'imap',
        '--host',
        dc.host,
        '--port',
        String(dc.ports.imap),
        '--security',
        'none', // plain text is allowed to loopback only, which Dovecot is
        '--user',
        'alice',
        '--password-stdin',
      ],
      { ...opts, input: `${password}\n` },
    );
    expect(add.status, add.stderr).toBe(0);
    return add.stdout.trim();
  }

  /** Every file under the config folder (accounts, secrets, state, logs) that contains `text`. */
  function filesContaining(text: string): { files: string[]; hits: string[] } {
    const files = (readdirSync(configDir(), { recursive: true }) as string[])
      .map((name) => join(configDir(), name))
      .filter((path) => statSync(path).isFile());
    return { files, hits: files.filter((path) => readFileSync(path).includes(text)) };
  }

  async function helloSecretStore(): Promise<unknown> {
    // BridgeProcess forces the file store for the other tests; an empty value lifts that.
    const bridge = new BridgeProcess(configDir(), { ...keyring.env, MAILGLANCE_SECRET_STORE: '' });
    try {
      const reply = await bridge.hello();
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      return (reply.result as { secretStore: unknown }).secretStore;
    } finally {
      await bridge.stop();
    }
  }

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    root = mkdtempSync(join(tmpdir(), 'mg-keyring-'));
    dc = await startDovecot({ users: [{ user: 'alice', password: PASSWORD }] });
    keyring = await startKeyringSession(join(root, 'session'));
  });
  afterAll(async () => {
    await keyring?.stop();
    await dc?.destroy();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('account add puts the password in the keyring and in no file under the config folder', () => {
    accountId = addImapAccount(PASSWORD);
    expect(keyring.lookup({ service: 'mailglance', username: accountId })).toBe(PASSWORD);
    const { files, hits } = filesContaining(PASSWORD);
    expect(files.map((f) => f.slice(configDir().length + 1))).toContain('accounts.json');
    expect(hits).toEqual([]);
    const [listed] = JSON.parse(cli(['account', 'list', '--json']).stdout) as { hasPassword: boolean }[];
    expect(listed.hasPassword).toBe(true);
  });

  it('account test logs in to Dovecot with the password read back from the keyring', () => {
    const logins = () => (dc.log().match(/imap-login: Info: Login: user=<alice>/g) ?? []).length;
    const before = logins();
    const test = cli(['account', 'test', accountId]);
    expect(test.status, test.stderr).toBe(0);
    expect(test.stdout).toMatch(/capabilities\s+.*IMAP4rev1/);
    expect(logins()).toBe(before + 1);
  });

  it('doctor and the hello handshake name the keyring; the probe leaves nothing behind', async () => {
    const doctor = cli(['doctor', '--json']);
    expect(doctor.status, doctor.stderr).toBe(0);
    expect(JSON.parse(doctor.stdout).secretStore).toBe('keyring');
    expect(cli(['doctor']).stdout).toMatch(/^secrets\s+OS keyring$/m);
    expect(await helloSecretStore()).toBe('keyring');
    // Every start writes, reads and deletes a probe entry; only the account's entry may remain.
    const items = keyring.search({ service: 'mailglance' });
    expect(items).toContain(`attribute.username = ${accountId}`);
    expect(items).not.toContain('probe-');
  });

  it('account remove deletes the keyring entry', () => {
    const remove = cli(['account', 'remove', accountId]);
    expect(remove.status, remove.stderr).toBe(0);
    expect(keyring.lookup({ service: 'mailglance', username: accountId })).toBeUndefined();
    expect(keyring.search({ service: 'mailglance' })).toBe('');
  });

  it('with the keyring daemon gone, falls back to the 0600 file at once and says so', async () => {
    await keyring.stopKeyring();
    const id = addImapAccount(FILE_PASSWORD);
    const secretsFile = join(configDir(), 'secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(secretsFile, 'utf8'))).toEqual({ [id]: FILE_PASSWORD });

    const doctor = cli(['doctor']);
    expect(doctor.stdout).toContain(NO_KEYRING);
    expect(doctor.ms).toBeLessThan(FALLBACK_BUDGET_MS);
    expect(await helloSecretStore()).toBe('file');
    // The log says why, so a user whose keyring should have answered can find out.
    const log = readFileSync(join(configDir(), 'logs', 'bridge.log'), 'utf8');
    const fallback = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { message?: string; reason?: string })
      .find((l) => l.message === 'no OS keyring answered; using the 0600 secrets file');
    expect(fallback?.reason).toMatch(/org\.freedesktop\.secrets/);
    expect(log).not.toContain(FILE_PASSWORD);
  });

  it('with no D-Bus session at all, uses the 0600 file, never the kernel keyring that forgets at reboot', () => {
    // A login session keyring (what pam_keyinit gives) and no Secret Service: @napi-rs/keyring on
    // its own would fall back to keyutils here, and the bridge would call that "OS keyring".
    const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-such-bus')}` };
    const inLoginSession = [KEYCTL!, 'session', '-'];
    const password = `ku-${randomBytes(12).toString('hex')}`;
    const id = addImapAccount(password, { env: noBus, prefix: inLoginSession });
    const inFile = JSON.parse(readFileSync(join(configDir(), 'secrets.json'), 'utf8'))[id];
    expect(inFile, 'the password belongs in the 0600 file, not in the kernel keyring').toBe(password);
    const doctor = cli(['doctor', '--json'], { env: noBus, prefix: inLoginSession });
    expect(JSON.parse(doctor.stdout).secretStore).toBe('file');
    expect(doctor.ms).toBeLessThan(FALLBACK_BUDGET_MS);
    expect(readFileSync('/proc/keys', 'utf8')).not.toContain(id);
  });
});
