/**
 * The built bridge in native host mode, spoken to over real pipes with real frames: the framing
 * edge cases a browser (or a broken one) can produce.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from '../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';

/** The length of every frame on stdout; fails unless every byte belongs to a frame. */
function frameLengths(out: Buffer): number[] {
  const lengths: number[] = [];
  let at = 0;
  while (at + 4 <= out.length) {
    const length = out.readUInt32LE(at);
    lengths.push(length);
    at += 4 + length;
  }
  expect(at).toBe(out.length);
  return lengths;
}

describe('bridge host mode', () => {
  let dir: string;
  let bridge: BridgeProcess;

  beforeAll(() => requireBuilt(BRIDGE_BUNDLE));
  afterEach(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function start(): BridgeProcess {
    dir = mkdtempSync(join(tmpdir(), 'mg-host-'));
    bridge = new BridgeProcess(join(dir, 'config'));
    return bridge;
  }

  it('answers hello with protocol and bridge version, and logs to a file, not stdout', async () => {
    start();
    const reply = await bridge.hello();
    expect(reply).toMatchObject({
      ok: true,
      result: { protocolVersion: 1, capabilities: expect.arrayContaining(['imap', 'pop3']) },
    });
    expect((reply.result as { bridgeVersion: string }).bridgeVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(readFileSync(join(dir, 'config', 'logs', 'bridge.log'), 'utf8')).toContain('"hello"');
  });

  it('refuses other requests before hello, and a foreign protocol version', async () => {
    start();
    expect(await bridge.request('1', 'accounts.list')).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'send hello first' },
    });
    expect(
      await bridge.request('2', 'hello', { protocolVersion: 99, client: { name: 't', version: '0' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VERSION_MISMATCH', retryable: false },
    });
  });

  it('handles a frame split byte by byte and several frames in one write', async () => {
    start();
    const { encodeFrame } = await import('../../src/bridge/native/framing');
    const hello = encodeFrame({
      kind: 'request',
      id: 'h',
      type: 'hello',
      params: { protocolVersion: 1, client: { name: 't', version: '0' } },
    });
    for (const byte of hello) bridge.writeRaw(Buffer.from([byte]));
    await bridge.reply('h');
    bridge.writeRaw(
      Buffer.concat([1, 2, 3].map((i) => encodeFrame({ kind: 'request', id: `p${i}`, type: 'ping', params: {} }))),
    );
    for (const id of ['p1', 'p2', 'p3']) expect(await bridge.reply(id)).toMatchObject({ ok: true });
  });

  it('reports invalid JSON and bad requests, and keeps serving', async () => {
    start();
    await bridge.hello();
    const junk = Buffer.from('{"kind": "request",');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(junk.length);
    bridge.writeRaw(Buffer.concat([header, junk]));
    expect(await bridge.waitFor((f) => f.kind === 'event' && f.type === 'protocol.error')).toMatchObject({
      data: { code: 'INVALID_FRAME' },
    });
    expect(await bridge.request('u', 'format.disk')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TYPE' } });
    expect(await bridge.request('b', 'account.remove', { accountId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await bridge.request('n', 'account.remove', { accountId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'ACCOUNT_NOT_FOUND' },
    });
    expect(await bridge.request('ok', 'ping')).toMatchObject({ ok: true });
  });

  it('closes cleanly (exit 0, no crash) on an impossible frame length', async () => {
    start();
    await bridge.hello();
    const header = Buffer.alloc(4);
    header.writeUInt32LE(0xfffffff0);
    bridge.writeRaw(header);
    expect(await bridge.exited).toBe(0);
    expect(bridge.frames.at(-1)).toMatchObject({
      kind: 'event',
      type: 'protocol.error',
      data: { code: 'INVALID_FRAME' },
    });
  });

  it('refuses a 1 MB label before saving it, so accounts.list keeps answering', async () => {
    start();
    await bridge.hello();
    const label = 'x'.repeat(1024 * 1024 + 10);
    const settings = { type: 'imap', host: '127.0.0.1', user: 'u', security: 'none', label };
    expect(await bridge.request('big', 'account.add', { settings })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await bridge.request('list', 'accounts.list')).toMatchObject({ ok: true, result: { accounts: [] } });
    expect(await bridge.request('after', 'ping')).toMatchObject({ ok: true });
    const lengths = frameLengths(Buffer.concat(bridge.stdoutBytes));
    expect(lengths.length).toBeGreaterThanOrEqual(4); // hello, the refusal, list, ping
    expect(Math.max(...lengths)).toBeLessThan(1024 * 1024);
  });

  it('refuses to send a reply above 1 MB with MESSAGE_TOO_LARGE instead of breaking the port', async () => {
    start();
    // The bridge refuses to save a list this large (list-size.ts); another program wrote it.
    // POP3 without stored passwords: no driver opens a connection.
    const settings = (i: number) => ({
      type: 'pop3',
      host: '127.0.0.1',
      user: `u${i}`,
      security: 'none',
      label: `L${i}`.padEnd(60, 'x'),
    });
    const accounts = Array.from({ length: 3500 }, (_, i) => ({ id: `a${i}`, settings: settings(i) }));
    mkdirSync(join(dir, 'config'), { recursive: true });
    writeFileSync(join(dir, 'config', 'accounts.json'), JSON.stringify({ version: 1, accounts }));
    await bridge.hello();
    expect(await bridge.request('big', 'accounts.list')).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_TOO_LARGE' },
    });
    expect(await bridge.request('after', 'ping')).toMatchObject({ ok: true });
    const lengths = frameLengths(Buffer.concat(bridge.stdoutBytes));
    expect(lengths.length).toBeGreaterThanOrEqual(3); // hello, the refusal, ping
    expect(Math.max(...lengths)).toBeLessThan(1024 * 1024);
  });

  it('serves a request written in the same write as hello, after the greeting', async () => {
    start();
    const { encodeFrame } = await import('../../src/bridge/native/framing');
    bridge.writeRaw(
      Buffer.concat([
        encodeFrame({
          kind: 'request',
          id: 'h',
          type: 'hello',
          params: { protocolVersion: 1, client: { name: 't', version: '0' } },
        }),
        encodeFrame({ kind: 'request', id: 'l', type: 'accounts.list', params: {} }),
      ]),
    );
    expect(await bridge.reply('h')).toMatchObject({ ok: true });
    expect(await bridge.reply('l')).toMatchObject({ ok: true, result: { accounts: [] } });
  });

  it('answers a request whose error would echo 1 MB of input, with a short message', async () => {
    start();
    await bridge.hello();
    const reply = await bridge.request('big-id', 'account.remove', { accountId: 'z'.repeat(1_100_000) });
    expect(reply).toMatchObject({ ok: false, error: { retryable: false } });
    expect(JSON.stringify(reply).length).toBeLessThan(2000);
    expect(await bridge.request('after', 'ping')).toMatchObject({ ok: true });
  });

  it('keeps passwords out of replies, events and the log', async () => {
    start();
    await bridge.hello();
    const added = await bridge.request('a', 'account.add', {
      settings: { type: 'imap', host: '127.0.0.1', port: 1, security: 'none', user: 'ann' },
      password: 'hunter2-secret',
    });
    expect(added).toMatchObject({ ok: true, result: { account: { hasPassword: true, user: 'ann' } } });
    await bridge.request('l', 'accounts.list');
    await bridge.stop();
    expect(JSON.stringify(bridge.frames)).not.toContain('hunter2-secret');
    expect(readFileSync(join(dir, 'config', 'logs', 'bridge.log'), 'utf8')).not.toContain('hunter2-secret');
    expect(existsSync(join(dir, 'config', 'secrets.json'))).toBe(true);
  });
});
