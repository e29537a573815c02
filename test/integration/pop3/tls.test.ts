/**
 * TLS on POP3 against Dovecot: implicit TLS (pop3s) and STLS (RFC 2595) with the harness's
 * self-signed certificate, accepted only through a pinned SHA-256 fingerprint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { silentLogger } from '../../../src/bridge/log';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, USER } from './helpers';

const factory = createPop3DriverFactory({ timeouts: { idleTimeoutMs: 5_000 } });

describe.skipIf(!requireDovecot())('POP3 over TLS against Dovecot', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    await dc.deliver(USER, buildMessage({ subject: 'Over TLS' }));
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  const implicit = () => accountFor(dc, { security: 'tls', port: dc.ports.pop3s, pinnedCert: dc.certFingerprint });
  const stls = () => accountFor(dc, { security: 'starttls', port: dc.ports.pop3, pinnedCert: dc.certFingerprint });

  it('connects with implicit TLS when the fingerprint is pinned', async () => {
    const report = await factory.test(implicit(), PASSWORD, silentLogger);
    expect(report).toMatchObject({ certVerified: false, certFingerprint: dc.certFingerprint });
    expect(report.tlsVersion).toMatch(/^TLSv1\.[23]$/);
    expect(report.capabilities).toEqual(expect.arrayContaining(['TOP', 'UIDL']));
  });

  it('upgrades with STLS, then asks CAPA again (RFC 2595 §4)', async () => {
    const report = await factory.test(stls(), PASSWORD, silentLogger);
    expect(report).toMatchObject({ certFingerprint: dc.certFingerprint, certVerified: false });
    // Before TLS Dovecot offers STLS; after the upgrade it must not be offered again.
    expect(report.capabilities).not.toContain('STLS');
    expect(report.capabilities).toEqual(expect.arrayContaining(['UIDL', 'USER']));

    const rec = record();
    const driver = factory.create(stls(), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    expect(rec.of('mailbox.snapshot')[0].messages.map((m) => m.subject)).toEqual(['Over TLS']);
    await driver.stop();
  });

  it('refuses an unpinned or wrongly pinned self-signed certificate', async () => {
    await expect(factory.test({ ...implicit(), pinnedCert: undefined }, PASSWORD, silentLogger)).rejects.toMatchObject({
      code: ErrorCode.TlsUntrusted,
      message: expect.stringContaining(dc.certFingerprint),
    });
    const wrong = '00:'.repeat(31) + '00';
    await expect(factory.test({ ...stls(), pinnedCert: wrong }, PASSWORD, silentLogger)).rejects.toMatchObject({
      code: ErrorCode.TlsUntrusted,
    });

    const rec = record();
    const driver = factory.create({ ...implicit(), pinnedCert: undefined }, PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.states.some((s) => s.state === 'tlsUntrusted'));
    await expect(driver.refresh()).rejects.toMatchObject({ code: ErrorCode.TlsUntrusted });
    await driver.stop();
  });

  it('refuses plain text to a host that is not loopback', async () => {
    const rec = record();
    const driver = factory.create({ ...accountFor(dc), host: 'mail.example.com' }, PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.states.some((s) => s.state === 'error'));
    expect(rec.states.at(-1)?.detail).toMatch(/not loopback/);
    await driver.stop();
  });
});
