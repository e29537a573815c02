import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../handlers/context';
import type { Logger } from '../log';
import { encodeFrame, FrameDecoder } from './framing';
import { parseRequest } from '../../protocol';
import { NativeSession } from './session';

/** A session on in-memory pipes; `send` writes one request and resolves with the first frame back. */
function harness() {
  const input = new PassThrough();
  const output = new PassThrough();
  const logged: string[] = [];
  const record = (level: string) => (message: string, extra?: Record<string, unknown>) =>
    void logged.push(JSON.stringify({ level, message, ...extra }));
  const log: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  const session = new NativeSession({
    input,
    output,
    log,
    context: () => ({}) as HandlerContext,
    onClose: () => undefined,
  });
  session.start();
  const decoder = new FrameDecoder();
  const send = (message: unknown) =>
    new Promise<Record<string, unknown>>((resolve) => {
      output.once('data', (chunk: Buffer) => {
        const [frame] = decoder.push(chunk);
        resolve(frame.ok ? (frame.value as Record<string, unknown>) : {});
      });
      input.write(encodeFrame(message));
    });
  return { send, logged };
}

const settings = { type: 'imap', host: 'mail.example.com', user: 'ann' };

describe('rejected requests never echo what was sent', () => {
  it('account.add with {password: 12345678} leaves no "12345678" in the log or the reply', async () => {
    const { send, logged } = harness();
    const reply = await send({
      kind: 'request',
      id: 'r1',
      type: 'account.add',
      params: { settings, password: 12345678 },
    });
    expect(reply).toMatchObject({ kind: 'reply', id: 'r1', ok: false, error: { code: 'BAD_REQUEST' } });
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).not.toContain('12345678');
    expect(JSON.stringify(reply)).not.toContain('12345678');
    // Still helpful: which field, what it must be, what kind of value came.
    expect((reply.error as { message: string }).message).toBe('account.add: password: expected string, got number');
  });

  it('a secret-looking string in a wrong field is not echoed either', async () => {
    const { send, logged } = harness();
    const reply = await send({
      kind: 'request',
      id: 'r2',
      type: 'account.add',
      params: { settings: { ...settings, port: 'hunter2-secret' }, password: ['also-secret'] },
    });
    const all = logged.join('\n') + JSON.stringify(reply);
    expect(all).not.toContain('hunter2-secret');
    expect(all).not.toContain('also-secret');
    expect((reply.error as { message: string }).message).toMatch(/settings\.port: expected number, got string/);
  });

  it('a bad envelope (no id) goes out as protocol.error, without values', async () => {
    const { send, logged } = harness();
    const ev = await send({ kind: 'request', id: '', type: 'ping', params: { password: 's3cr3t-value' } });
    expect(ev).toMatchObject({ kind: 'event', type: 'protocol.error' });
    expect(logged.join('\n') + JSON.stringify(ev)).not.toContain('s3cr3t-value');
  });
});

describe('parseRequest rejections', () => {
  const messageOf = (raw: unknown) => {
    const out = parseRequest(raw);
    return out.ok ? '' : out.message;
  };
  it('names paths and expected types', () => {
    expect(messageOf({ kind: 'request', id: '1', type: 'account.add', params: { settings: {} } })).toMatch(
      /^account\.add: settings\.type: expected .*got undefined/,
    );
    expect(messageOf({ kind: 'x', id: 'secret-id-value-that-is-way-too-long'.repeat(3), type: 1 })).not.toMatch(
      /secret-id/,
    );
  });
});
