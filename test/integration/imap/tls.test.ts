/**
 * TLS policy: a self-signed server is refused (TLS_UNTRUSTED / tlsUntrusted) until its SHA-256
 * fingerprint is pinned; implicit TLS and STARTTLS; plain text only to loopback; `account test`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { silentLogger } from '../../../src/bridge/log';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

describe.skipIf(!requireDovecot())('IMAP TLS and certificate pinning', () => {
  let dc: Dovecot;
  const drivers: AccountDriver[] = [];
  const tlsAccount = (over = {}) => accountFor(dc, 'alice', { security: 'tls', port: dc.ports.imaps, ...over });

  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: 'alice', password: 'pw' }] });
    await dc.deliver('alice', buildMessage({ subject: 'over tls' }));
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.stop()));
    await dc?.destroy();
  });

  function run(account: ReturnType<typeof tlsAccount>) {
    const rec = new Recorder();
    const driver = imapDriverFactory.create(account, 'pw', rec);
    drivers.push(driver);
    driver.start();
    return rec;
  }

  it('refuses the self-signed certificate without a pin: tlsUntrusted, no login attempted', async () => {
    const before = (dc.log().match(/user=<alice>/g) ?? []).length;
    const rec = run(tlsAccount());
    const st = await rec.waitFor(() => rec.states.find((s) => s.state === 'tlsUntrusted'), 10_000, 'tlsUntrusted');
    expect(st.detail).toMatch(/certificate/);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'tlsUntrusted']);
    expect((dc.log().match(/user=<alice>/g) ?? []).length).toBe(before);
    const err = await imapDriverFactory
      .test(tlsAccount(), 'pw', silentLogger)
      .catch((e: { code?: string; message?: string }) => e);
    expect(err).toMatchObject({ code: ErrorCode.TlsUntrusted });
    // The message carries the fingerprint so the user can decide to pin it.
    expect((err as Error).message).toContain(dc.certFingerprint);
  });

  it('refuses a wrong pin', async () => {
    const rec = run(tlsAccount({ pinnedCert: 'ab'.repeat(32) }));
    await rec.waitFor(() => rec.states.find((s) => s.state === 'tlsUntrusted'), 10_000, 'tlsUntrusted');
  });

  it('accepts the pinned fingerprint (any spelling) over implicit TLS and STARTTLS', async () => {
    const pin = dc.certFingerprint.replace(/:/g, '').toLowerCase();
    const recTls = run(tlsAccount({ pinnedCert: pin }));
    const snap = await recTls.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    expect(snap.messages.map((m) => m.subject)).toEqual(['over tls']);
    const recStarttls = run(
      accountFor(dc, 'alice', { id: 'acct-starttls', security: 'starttls', pinnedCert: dc.certFingerprint }),
    );
    await recStarttls.waitMailbox('mailbox.snapshot', 'INBOX', 0);
  });

  it('account test reports TLS version, fingerprint, capabilities and special-use folders', async () => {
    const report = await imapDriverFactory.test(tlsAccount({ pinnedCert: dc.certFingerprint }), 'pw', silentLogger);
    console.log('account test report:', JSON.stringify(report));
    expect(report.tlsVersion).toMatch(/^TLSv1\.[23]$/);
    expect(report.certFingerprint).toBe(dc.certFingerprint);
    expect(report.certVerified).toBe(false); // accepted through the pin; the chain did not verify
    for (const cap of ['IDLE', 'NOTIFY', 'CONDSTORE', 'QRESYNC', 'MOVE', 'UIDPLUS', 'QUOTA', 'SPECIAL-USE']) {
      expect(report.capabilities).toContain(cap);
    }
    expect(report.folders).toEqual(
      expect.arrayContaining([
        { path: 'INBOX', specialUse: '\\Inbox' },
        { path: 'Trash', specialUse: '\\Trash' },
        { path: 'Sent', specialUse: '\\Sent' },
      ]),
    );
    await expect(
      imapDriverFactory.test(tlsAccount({ pinnedCert: dc.certFingerprint }), 'nope', silentLogger),
    ).rejects.toMatchObject({
      code: ErrorCode.AuthFailed,
    });
  });

  it('refuses plain text to a host that is not loopback, before connecting', async () => {
    const account = accountFor(dc, 'alice', { host: 'mail.example.invalid', security: 'none' });
    await expect(imapDriverFactory.test(account, 'pw', silentLogger)).rejects.toMatchObject({
      code: ErrorCode.InsecureRefused,
    });
    const rec = run(account);
    const st = await rec.waitFor(() => rec.states.find((s) => s.state === 'error'), 5_000, 'error');
    expect(st.detail).toMatch(/loopback/);
  });

  it('a closed port is a connection failure with backoff, not a fatal state', async () => {
    const rec = run(accountFor(dc, 'alice', { id: 'acct-closed', port: 1 }));
    const st = await rec.waitFor(() => rec.states.find((s) => s.state === 'reconnecting'), 5_000, 'reconnecting');
    expect(st.detail).toMatch(/retrying in/);
  });
});
