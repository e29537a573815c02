/**
 * Replies a real server does not send, from the scripted fake server: a broken multi-line
 * response, a missing terminator, and 10 MB lines. Each must end in a clear error (or a
 * truncated result), with bounded memory, never a hang or an out-of-memory crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client, createPop3DriverFactory, type Pop3DriverOptions } from '../../../src/bridge/pop3';
import { ErrorCode } from '../../../src/protocol';
import { startScriptServer, type ScriptReply, type ScriptServer } from '../../fakes/pop3-script-server';
import { record } from './helpers';

const TEN_MB = 10 * 1024 * 1024;
let server: ScriptServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const timeouts: Pop3DriverOptions['timeouts'] = { idleTimeoutMs: 300, commandTimeoutMs: 5_000 };

async function connect(script: Record<string, ScriptReply>, greeting?: string): Promise<Pop3Client> {
  server = await startScriptServer(script, greeting);
  return Pop3Client.connect({
    host: '127.0.0.1',
    port: server.port,
    security: 'none',
    user: 'u',
    password: 'p',
    ...timeouts,
  });
}

/** "+OK", then a 10 MB line with no line break, then whatever `after` says. */
const hugeLine =
  (after = '\r\n.\r\n'): ScriptReply =>
  (s) => {
    s.write('+OK\r\n');
    s.write(Buffer.alloc(TEN_MB, 0x61));
    s.write(after);
  };

describe('malformed POP3 replies (scripted server)', () => {
  it('rejects a broken multi-line UIDL listing', async () => {
    const client = await connect({ UIDL: '+OK\r\n1 abc\r\nthis is not a uidl line\r\n.\r\n' });
    await expect(client.uidl()).rejects.toMatchObject({
      code: ErrorCode.ServerError,
      message: expect.stringMatching(/malformed POP3 UIDL line/),
    });
  });

  it('rejects a reply that is neither +OK nor -ERR', async () => {
    const client = await connect({ STAT: 'HELLO THERE\r\n' });
    await expect(client.stat()).rejects.toMatchObject({
      code: ErrorCode.ServerError,
      message: expect.stringMatching(/malformed/),
    });
  });

  it('fails with CONNECTION_FAILED when the server closes before the terminator', async () => {
    const client = await connect({ UIDL: (s) => s.end('+OK\r\n1 abc\r\n2 def\r\n') });
    await expect(client.uidl()).rejects.toMatchObject({ code: ErrorCode.ConnectionFailed });
  });

  it('fails with TIMEOUT when the terminator never comes', async () => {
    const client = await connect({ UIDL: '+OK\r\n1 abc\r\n' });
    await expect(client.uidl()).rejects.toMatchObject({ code: ErrorCode.Timeout });
    expect(client.isClosed).toBe(true);
  });

  it('stops at a 10 MB line in a listing with a clear error', async () => {
    const client = await connect({ UIDL: hugeLine() });
    await expect(client.uidl()).rejects.toMatchObject({
      code: ErrorCode.ServerError,
      message: expect.stringMatching(/over-long line/),
    });
    // The client hung up instead of buffering the line.
    expect(client.isClosed).toBe(true);
    expect(client.bytes.read).toBeLessThan(TEN_MB);
  });

  it('stops at a 10 MB status line', async () => {
    server = await startScriptServer({}, 'x'.repeat(TEN_MB));
    await expect(
      Pop3Client.connect({
        host: '127.0.0.1',
        port: server.port,
        security: 'none',
        user: 'u',
        password: 'p',
        ...timeouts,
      }),
    ).rejects.toMatchObject({ code: ErrorCode.ServerError, message: expect.stringMatching(/longer than 4096 bytes/) });
  });

  it('caps a RETR with a 10 MB line and a TOP with one, keeping the session usable after TOP', async () => {
    const client = await connect({ 'TOP 1 20': hugeLine(), 'RETR 1': hugeLine() });
    const top = await client.top(1, 20);
    expect(top.truncated).toBe(true);
    expect(top.data.length).toBe(64 * 1024);
    await expect(client.noop()).resolves.toBeUndefined(); // in sync after draining the TOP reply
    const retr = await client.retr(1, 1024 * 1024);
    expect(retr).toMatchObject({ truncated: true });
    expect(retr.data.length).toBe(1024 * 1024);
  });

  it('puts the account in the error state on a broken listing and keeps retrying', async () => {
    server = await startScriptServer({ UIDL: '+OK\r\ngarbage\r\n.\r\n' });
    const rec = record();
    const factory = createPop3DriverFactory({ timeouts });
    const driver = factory.create(
      {
        id: 'pop-1',
        type: 'pop3',
        label: 'fake',
        host: '127.0.0.1',
        port: server.port,
        security: 'none',
        user: 'u',
        watchedFolders: ['INBOX'],
        includeInBadge: true,
        notify: true,
        deleteMode: 'trash',
        pollIntervalSec: 3600,
      },
      'p',
      rec.ctx,
    );
    driver.start();
    await rec.until(() => rec.states.some((s) => s.state === 'error'));
    expect(rec.states.at(-1)?.detail).toMatch(/malformed POP3 UIDL line/);
    // Not a credentials problem: a manual refresh still talks to the server.
    await expect(driver.refresh()).rejects.toMatchObject({ code: ErrorCode.ServerError });
    await driver.stop();
  });
});
