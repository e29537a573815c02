/**
 * What a user attaches to a bug report: `account test ID --verbose` prints every IMAP line of the
 * test on stderr with the credentials taken out, and the push health the running bridge last
 * found for the account. Runs the built CLI against the harness Dovecot.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBridgeCli } from '../../support/bridge-cli';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';

const PASSWORD = 'S3cret-pw-for-the-wire';

describe.skipIf(!requireDovecot())('account test --verbose', () => {
  let dc: Dovecot;
  let root: string;
  let id: string;
  const cfg = () => ['--config-dir', join(root, 'config')];

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    dc = await startDovecot({ users: [{ user: 'alice', password: PASSWORD }] });
    root = mkdtempSync(join(tmpdir(), 'mg-wire-'));
    const add = runBridgeCli(
      root,
      ['account', 'add', '--type', 'imap', '--host', dc.host, '--port', String(dc.ports.imap)].concat([
        '--security',
        'none',
        '--user',
        'alice',
        '--password-stdin',
        ...cfg(),
      ]),
      PASSWORD,
    );
    expect(add.status, add.stderr).toBe(0);
    id = add.stdout.trim();
  });
  afterAll(async () => {
    await dc?.destroy();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('prints the IMAP lines of the test, never the password', () => {
    const quiet = runBridgeCli(root, ['account', 'test', id, ...cfg()]);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/ C: /);
    const run = runBridgeCli(root, ['account', 'test', id, '--verbose', ...cfg()]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/imap test-\S+ C: \S+ LIST/);
    expect(run.stderr).toMatch(/imap test-\S+ S: \* OK \[CAPABILITY /);
    // The SASL PLAIN response (base64 of user and password) goes as a continuation line.
    expect(run.stderr).toMatch(/imap test-\S+ C: \S+ AUTHENTICATE PLAIN\n/);
    expect(run.stderr).toMatch(/imap test-\S+ C: \(redacted continuation\)/);
    const saslPlain = Buffer.from(`\0alice\0${PASSWORD}`).toString('base64');
    for (const secret of [PASSWORD, saslPlain, saslPlain.slice(0, 20)]) expect(run.stderr).not.toContain(secret);
  });

  it('shows the push health the running bridge recorded for the account', () => {
    const stateDir = join(root, 'config', 'state', id);
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(
      join(stateDir, 'push.json'),
      JSON.stringify({ health: 'unreliable', at: '2026-12-02T07:00:00.000Z' }),
    );
    const run = runBridgeCli(root, ['account', 'test', id, ...cfg()]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^push\s+unreliable \(seen by the running bridge, 2026-12-02T07:00:00.000Z\)$/m);
  });
});
