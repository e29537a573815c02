/**
 * What `certVerified` in the POP3 ConnectionReport means: the certificate chain and host name
 * verified. A self-signed certificate accepted through its pin reports false (the options page
 * says "pinned"); the same certificate reports true once the system trusts it. Run through the
 * built bridge, because Node reads extra CA certificates (NODE_EXTRA_CA_CERTS) only at start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionReport } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';
import { PASSWORD, USER } from './helpers';

describe.skipIf(!requireDovecot())('POP3 account test: certVerified', () => {
  let dc: Dovecot;
  let root: string;
  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    root = mkdtempSync(join(tmpdir(), 'mg-cert-report-'));
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
  });
  afterAll(async () => {
    await dc?.destroy();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const cli = (args: string[], env: Record<string, string> = {}, input?: string) =>
    spawnSync(process.execPath, [BRIDGE_BUNDLE, ...args, '--config-dir', join(root, 'cfg')], {
      input,
      encoding: 'utf8',
      env: { ...process.env, HOME: join(root, 'home'), MAILGLANCE_SECRET_STORE: 'file', ...env },
    });

  /** Add a pop3s account (pinned or not) and run `account test --json` on it. */
  function testReport(pin: string | undefined, env: Record<string, string> = {}): ConnectionReport {
    const pinArgs = pin ? ['--accept-cert', pin] : [];
    const add = cli(
      [
        'account',
        'add',
        '--type',
        'pop3',
        '--host',
        dc.host,
        '--port',
        String(dc.ports.pop3s),
        '--security',
        'tls',
      ].concat(['--user', USER, '--password-stdin', ...pinArgs]),
      {},
      PASSWORD,
    );
    expect(add.status, add.stderr).toBe(0);
    const out = cli(['account', 'test', add.stdout.trim(), '--json'], env);
    expect(out.status, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as ConnectionReport;
  }

  it('a pinned self-signed certificate is accepted but not verified', () => {
    expect(testReport(dc.certFingerprint)).toMatchObject({ certVerified: false, certFingerprint: dc.certFingerprint });
  });

  it('the same certificate, trusted as a CA (SAN IP:127.0.0.1), is verified without a pin', () => {
    const report = testReport(undefined, { NODE_EXTRA_CA_CERTS: join(dc.dir, 'cert.pem') });
    expect(report).toMatchObject({ certVerified: true, certFingerprint: dc.certFingerprint });
  });
});
