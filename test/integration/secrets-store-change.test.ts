/**
 * The secret store the bridge chose is remembered: when the OS keyring appears, passwords saved
 * in the 0600 file while it was away move into it; when it goes away, the bridge says so (log,
 * doctor) instead of silently writing new passwords to the file.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';
import { type KeyringSession, requireKeyringPrograms, startKeyringSession } from '../support/keyring-session';

const run = requireKeyringPrograms();

const PASSWORD = `mv-${randomBytes(12).toString('hex')}`;

describe.skipIf(!run)('a secret store that changes between starts', () => {
  let root: string;
  let keyring: KeyringSession;
  const configDir = () => join(root, 'config');

  function cli(args: string[], env: Record<string, string>, input?: string) {
    const full: NodeJS.ProcessEnv = { ...process.env, ...keyring.env, ...env };
    delete full.MAILGLANCE_SECRET_STORE;
    return spawnSync(process.execPath, [BRIDGE_BUNDLE, ...args, '--config-dir', configDir()], {
      input,
      encoding: 'utf8',
      env: full,
    });
  }

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    root = mkdtempSync(join(tmpdir(), 'mg-store-change-'));
    keyring = await startKeyringSession(join(root, 'session'));
  });
  afterAll(async () => {
    await keyring?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('moves file passwords into a keyring that appears, and warns when the keyring goes away', async () => {
    // No Secret Service on this bus address: the password lands in the 0600 file.
    const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-such-bus')}` };
    const add = cli(
      ['account', 'add', '--type', 'imap', '--host', 'mail.example.org', '--user', 'ann', '--password-stdin'],
      noBus,
      `${PASSWORD}\n`,
    );
    expect(add.status, add.stderr).toBe(0);
    const id = add.stdout.trim();
    const secretsFile = join(configDir(), 'secrets.json');
    expect(JSON.parse(readFileSync(secretsFile, 'utf8'))[id]).toBe(PASSWORD);

    // The keyring answers now: the password moves, and doctor says the store changed.
    const appeared = cli(['doctor'], {});
    expect(appeared.stdout).toMatch(/problem: secret store: changed from file to keyring/);
    expect(keyring.lookup({ service: 'mailglance', username: id })).toBe(PASSWORD);
    expect(existsSync(secretsFile) ? readFileSync(secretsFile, 'utf8') : '').not.toContain(PASSWORD);
    const list = JSON.parse(cli(['account', 'list', '--json'], {}).stdout);
    expect(list).toEqual([expect.objectContaining({ id, hasPassword: true, secretStore: 'keyring' })]);

    // Remembered: the next start with the same store has nothing to say.
    expect(cli(['doctor'], {}).stdout).not.toMatch(/secret store/);

    // The keyring goes away: the bridge warns instead of switching silently.
    await keyring.stopKeyring();
    const gone = cli(['doctor'], {});
    expect(gone.stdout).toMatch(/problem: secret store: changed from keyring to file: the OS keyring did not answer/);
    expect(gone.stdout + gone.stderr).not.toContain(PASSWORD);
  });
});
