/**
 * Client behaviour the real Dovecot cannot show (the RFC 1939 APOP digest vector, the AUTH PLAIN
 * continuation, a server without CAPA, response codes), against the scripted fake server.
 * Logging in with each method against Dovecot is test/integration/pop3/login-methods.test.ts;
 * malformed replies are in test/integration/pop3/malformed-replies.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptServer, type ScriptServer } from '../../../test/fakes/pop3-script-server';
import { ErrorCode } from '../../protocol';
import { apopTimestamp, chooseAuth } from './auth';
import { Pop3Client, type Pop3ClientOptions } from './client';

let server: ScriptServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const opts = (port: number, extra: Partial<Pop3ClientOptions> = {}): Pop3ClientOptions => ({
  host: '127.0.0.1',
  port,
  security: 'none',
  user: 'alice',
  password: 'secret',
  idleTimeoutMs: 500,
  ...extra,
});

describe('auth choice', () => {
  it('prefers SASL PLAIN, then USER, then APOP', () => {
    const greeting = '+OK ready <1.2@host>';
    expect(chooseAuth(['SASL LOGIN PLAIN', 'USER'], true, greeting)).toBe('plain');
    expect(chooseAuth(['USER', 'UIDL'], true, greeting)).toBe('user');
    expect(chooseAuth([], false, greeting)).toBe('user'); // RFC 1939 server without CAPA
    expect(chooseAuth(['UIDL'], true, greeting)).toBe('apop');
    expect(() => chooseAuth(['UIDL'], true, '+OK ready')).toThrow(/no login method/);
    expect(apopTimestamp('+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>')).toBe(
      '<1896.697170952@dbc.mtview.ca.us>',
    );
  });
});

describe('Pop3Client against a scripted server', () => {
  it('logs in with APOP using the RFC 1939 §7 digest', async () => {
    server = await startScriptServer({ CAPA: '+OK\r\nUIDL\r\nTOP\r\n.\r\n' });
    const client = await Pop3Client.connect(opts(server.port, { password: 'tanstaaf' }));
    await client.quit();
    // The example from RFC 1939 §7.
    expect(server.commands).toContain('APOP alice c4c9334bac560ecc979e58001b3e22fb');
    expect(createHash('md5').update('<1896.697170952@dbc.mtview.ca.us>tanstaaf').digest('hex')).toBe(
      'c4c9334bac560ecc979e58001b3e22fb',
    );
  });

  it('sends a long SASL PLAIN response after the "+ " continuation (RFC 5034 §4)', async () => {
    server = await startScriptServer({
      CAPA: '+OK\r\nSASL PLAIN\r\nUSER\r\n.\r\n',
      'AUTH PLAIN': '+ \r\n',
    });
    const password = 'p'.repeat(300);
    const client = await Pop3Client.connect(opts(server.port, { password }));
    await client.quit();
    const token = Buffer.from(`\0alice\0${password}`).toString('base64');
    expect(server.commands.slice(1, 3)).toEqual(['AUTH PLAIN', token]);
  });

  it('uses USER/PASS on a server without CAPA and parses STAT, UIDL, LIST, TOP', async () => {
    server = await startScriptServer({
      CAPA: '-ERR unknown command\r\n',
      STAT: '+OK 2 320\r\n',
      UIDL: '+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n',
      LIST: '+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n',
      'TOP 2 0': '+OK\r\nSubject: hi\r\n\r\n.\r\n',
    });
    const client = await Pop3Client.connect(opts(server.port));
    expect(client.capabilities).toEqual([]);
    expect(await client.stat()).toEqual({ count: 2, size: 320 });
    expect(await client.uidl()).toEqual([
      { n: 1, uid: 'whqtswO00WBw418f9t5JxYwZ' },
      { n: 2, uid: 'QhdPYR:00WBw1Ph7x7' },
    ]);
    expect([...(await client.list())]).toEqual([
      [1, 120],
      [2, 200],
    ]);
    const top = await client.top(2, 0);
    expect(top.data.toString()).toBe('Subject: hi\r\n\r\n');
    await client.quit();
    expect(server.commands).toEqual(['CAPA', 'USER alice', 'PASS secret', 'STAT', 'UIDL', 'LIST', 'TOP 2 0', 'QUIT']);
  });

  it('maps -ERR [AUTH] to AUTH_FAILED and -ERR [IN-USE] to a retryable error (RFC 3206)', async () => {
    server = await startScriptServer({ PASS: '-ERR [AUTH] Authentication failed.\r\n' });
    await expect(Pop3Client.connect(opts(server.port))).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
    await server.close();
    server = await startScriptServer({ PASS: '-ERR [IN-USE] Mailbox locked\r\n' });
    await expect(Pop3Client.connect(opts(server.port))).rejects.toMatchObject({ code: ErrorCode.ConnectionFailed });
  });

  it('refuses plain text to a host that is not loopback, before connecting', async () => {
    await expect(Pop3Client.connect(opts(1, { host: '192.0.2.1' }))).rejects.toMatchObject({
      code: ErrorCode.InsecureRefused,
    });
  });

  it('fails STLS when the server refuses it instead of logging in without TLS', async () => {
    server = await startScriptServer({ STLS: '-ERR no TLS here\r\n' });
    await expect(Pop3Client.connect(opts(server.port, { security: 'starttls' }))).rejects.toMatchObject({
      code: ErrorCode.ServerError,
    });
    expect(server.commands).not.toContain('USER alice');
  });

  it('caps RETR and closes the connection past the cap', async () => {
    const big = 'x'.repeat(1000) + '\r\n';
    server = await startScriptServer({
      RETR: (s) => {
        s.write('+OK\r\n');
        for (let i = 0; i < 200; i++) s.write(big);
        s.write('.\r\n');
      },
    });
    const client = await Pop3Client.connect(opts(server.port));
    const body = await client.retr(1, 10_000);
    expect(body).toMatchObject({ truncated: true });
    expect(body.data.length).toBe(10_000);
    expect(client.isClosed).toBe(true);
  });
});
