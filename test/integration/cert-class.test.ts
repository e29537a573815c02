/**
 * The class of a certificate failure, end to end with real certificates: Dovecot with its
 * self-signed certificate, and Dovecot with a certificate that a throwaway CA issued for another
 * host name. The built bridge runs in host mode and answers `account.test` over native messaging;
 * only `selfSigned` and `unknownIssuer` may be pinned (docs/protocol.md "TLS failures"). The CA
 * is trusted through NODE_EXTRA_CA_CERTS, which Node reads only at start: hence a process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { BridgeProcess } from '../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';

function openssl(args: string[]): void {
  const res = spawnSync('openssl', args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`openssl ${args[0]} failed: ${res.stderr || res.error?.message}`);
}

/** A throwaway CA and a server certificate it signs for `mail.other.example` only (not 127.0.0.1). */
function makeCaAndWrongHostCert(dir: string): { ca: string; cert: string; key: string; fingerprint: string } {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  openssl(['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=Mailglance Test CA', '-keyout', caKey, '-out', ca]);
  const key = join(dir, 'leaf.key');
  const csr = join(dir, 'leaf.csr');
  const cert = join(dir, 'leaf.pem');
  openssl(['req', ...ec, '-subj', '/CN=mail.other.example', '-keyout', key, '-out', csr]);
  const ext = join(dir, 'leaf.ext');
  writeFileSync(ext, 'subjectAltName=DNS:mail.other.example\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    cert,
    '-extfile',
    ext,
  ]);
  return { ca, cert, key, fingerprint: new X509Certificate(readFileSync(cert)).fingerprint256 };
}

type ErrorReply = {
  ok: boolean;
  error?: { code: string; tls?: { problem: string; fingerprint: string; reason: string } };
};

describe.skipIf(!requireDovecot())('certificate failures are classified by the bridge', () => {
  let selfSigned: Dovecot;
  let wrongHost: Dovecot;
  let certs: ReturnType<typeof makeCaAndWrongHostCert>;
  let dir: string;
  const bridges: BridgeProcess[] = [];

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    dir = mkdtempSync(join(tmpdir(), 'mg-cert-class-'));
    certs = makeCaAndWrongHostCert(dir);
    const users = [{ user: 'alice', password: 'pw' }];
    selfSigned = await startDovecot({ users });
    // Later settings win in dovecot.conf: this server presents the CA-issued certificate.
    wrongHost = await startDovecot({ users, extraConfig: `ssl_cert = <${certs.cert}\nssl_key = <${certs.key}\n` });
  });
  afterAll(async () => {
    await Promise.all(bridges.map((b) => b.stop()));
    await selfSigned?.destroy();
    await wrongHost?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function accountTest(dc: Dovecot, type: 'imap' | 'pop3', env: Record<string, string> = {}) {
    const bridge = new BridgeProcess(mkdtempSync(join(dir, 'cfg-')), env);
    bridges.push(bridge);
    await bridge.hello();
    const port = type === 'imap' ? dc.ports.imaps : dc.ports.pop3s;
    const settings = { type, host: dc.host, port, security: 'tls', user: 'alice' };
    return (await bridge.request('t', 'account.test', { settings, password: 'pw' })) as ErrorReply;
  }

  it.each(['imap', 'pop3'] as const)('%s: a self-signed certificate is selfSigned (pinnable)', async (type) => {
    const reply = await accountTest(selfSigned, type);
    expect(reply.error).toMatchObject({
      code: 'TLS_UNTRUSTED',
      tls: { problem: 'selfSigned', fingerprint: selfSigned.certFingerprint, reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    });
  });

  it.each(['imap', 'pop3'] as const)('%s: a certificate from an unknown CA is unknownIssuer', async (type) => {
    const reply = await accountTest(wrongHost, type);
    expect(reply.error).toMatchObject({
      code: 'TLS_UNTRUSTED',
      tls: { problem: 'unknownIssuer', fingerprint: certs.fingerprint },
    });
  });

  it.each(['imap', 'pop3'] as const)('%s: a trusted CA certificate for another host is hostMismatch', async (type) => {
    const reply = await accountTest(wrongHost, type, { NODE_EXTRA_CA_CERTS: certs.ca });
    expect(reply.error).toMatchObject({
      code: 'TLS_UNTRUSTED',
      tls: { problem: 'hostMismatch', fingerprint: certs.fingerprint, reason: 'ERR_TLS_CERT_ALTNAME_INVALID' },
    });
  });
});
