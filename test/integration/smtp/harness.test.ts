/**
 * The SMTP test server itself (test/harness/smtp-server.ts), driven with nodemailer's own
 * connection class: what it offers (STARTTLS, implicit TLS, AUTH PLAIN/LOGIN/XOAUTH2, SIZE) and
 * what it refuses, so tests built on it (the bridge's, and OAuth's XOAUTH2) rest on checked ground.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCert } from '../../harness/dovecot-process';
import { startSmtp, type Smtp } from '../../harness/smtp-server';

const USER = 'alice';
/** XOAUTH2 login with a fixed access token (nodemailer builds the SASL string, RFC 7628 style). */
const oauth = (accessToken: string): SMTPConnection.AuthenticationType => ({
  user: USER,
  oauth2: new XOAuth2({ user: USER, accessToken }),
});

describe('SMTP test server', () => {
  let smtp: Smtp;
  let certDir: string;
  let ca: string;

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'mg-smtp-harness-'));
    makeCert(certDir);
    ca = readFileSync(join(certDir, 'cert.pem'), 'utf8');
    smtp = await startSmtp({
      users: [{ user: USER, password: 'pw', accessToken: 'token-123' }],
      certDir,
      maxSize: 1024,
    });
  });
  afterAll(async () => {
    await smtp?.stop();
    rmSync(certDir, { recursive: true, force: true });
  });

  /** Connects (STARTTLS or implicit TLS), logs in with `auth`, sends one small message. */
  async function submit(auth: SMTPConnection.AuthenticationType, implicit = false, body = 'hi'): Promise<void> {
    const conn = new SMTPConnection({
      host: smtp.host,
      port: implicit ? smtp.ports.implicitTls : smtp.ports.submission,
      secure: implicit,
      requireTLS: !implicit,
      tls: { ca: [ca] },
    });
    const failed = new Promise<never>((_, reject) => conn.on('error', reject));
    failed.catch(() => undefined);
    const step = <T>(run: (done: (err: Error | null | undefined, v?: T) => void) => void) =>
      Promise.race([failed, new Promise<T>((res, rej) => run((err, v) => (err ? rej(err) : res(v as T))))]);
    try {
      await step<void>((done) => conn.connect((err) => done(err)));
      await step((done) => conn.login(auth, done));
      const raw = `From: a@example.test\r\nTo: b@example.test\r\nSubject: t\r\n\r\n${body}\r\n`;
      await step((done) => conn.send({ from: 'a@example.test', to: ['b@example.test'] }, raw, done));
    } finally {
      conn.close();
    }
  }

  it('accepts PLAIN/LOGIN over STARTTLS and implicit TLS, and XOAUTH2 with the right token', async () => {
    await submit({ user: USER, pass: 'pw' });
    await submit({ user: USER, pass: 'pw', method: 'LOGIN' }, true);
    await submit(oauth('token-123'));
    expect(smtp.received.map((m) => [m.authUser, m.secure, m.to])).toEqual([
      [USER, true, ['b@example.test']],
      [USER, true, ['b@example.test']],
      [USER, true, ['b@example.test']],
    ]);
  });

  it('refuses a wrong password, a wrong token, a refused recipient and an oversized message', async () => {
    const before = smtp.received.length;
    await expect(submit({ user: USER, pass: 'nope' })).rejects.toMatchObject({ responseCode: 535 });
    await expect(submit(oauth('stale'))).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
    smtp.refuse.add('b@example.test');
    await expect(submit({ user: USER, pass: 'pw' })).rejects.toMatchObject({ code: 'EENVELOPE' });
    smtp.refuse.clear();
    await expect(submit({ user: USER, pass: 'pw' }, false, 'x'.repeat(4096))).rejects.toMatchObject({
      code: 'EMESSAGE',
    });
    expect(smtp.received.length).toBe(before);
  });
});
