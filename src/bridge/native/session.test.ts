import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../handlers/context';
import type { Logger } from '../log';
import { encodeFrame, FrameDecoder } from './framing';
import { BridgeError, ErrorCode, parseEvent, parseReply, parseRequest } from '../../protocol';
import { NativeSession } from './session';

/** A session on in-memory pipes; `send` writes one request and resolves with the first frame back. */
function harness(context: () => HandlerContext = () => ({}) as HandlerContext, onGreeted?: () => void) {
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
    context,
    onGreeted,
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
  /** Writes `bytes` and collects every frame that comes back within a short quiet period. */
  const collect = async (bytes: Buffer, count: number) => {
    const frames: Record<string, unknown>[] = [];
    const reader = new FrameDecoder(64 * 1024 * 1024);
    const done = new Promise<void>((resolve) => {
      output.on('data', (chunk: Buffer) => {
        for (const f of reader.push(chunk)) if (f.ok) frames.push(f.value as Record<string, unknown>);
        if (frames.length >= count) resolve();
      });
    });
    input.write(bytes);
    await done;
    return frames;
  };
  return { send, logged, collect };
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

/** Every frame the bridge writes must pass the protocol's own schemas (what the extension checks). */
function conforms(frame: Record<string, unknown>): boolean {
  if (frame.kind === 'reply') return parseReply(frame).ok;
  if (frame.kind === 'event') return parseEvent(frame).ok;
  return false;
}

const hello = {
  kind: 'request',
  id: 'h',
  type: 'hello',
  params: { protocolVersion: 1, client: { name: 't', version: '0' } },
};
const greeter = () =>
  ({
    log: { info() {}, warn() {}, error() {} },
    secretStore: 'file',
    manager: {
      startAll() {},
      configProblems: () => [],
      list: () => [],
      remove: () => Promise.reject(new BridgeError(ErrorCode.AccountNotFound, `no account "${'x'.repeat(2_000_000)}"`)),
    },
  }) as unknown as HandlerContext;

describe('replies that keep to the protocol', () => {
  it('answers an error whose message is over 1 MB, with a bounded message', async () => {
    const { collect } = harness(greeter);
    const frames = await collect(
      Buffer.concat([
        encodeFrame(hello),
        encodeFrame({ kind: 'request', id: 'big', type: 'account.remove', params: { accountId: 'a1' } }),
      ]),
      2,
    );
    const reply = frames.find((f) => f.id === 'big');
    expect(reply).toMatchObject({ ok: false, error: { code: 'ACCOUNT_NOT_FOUND', retryable: false } });
    expect(JSON.stringify(reply).length).toBeLessThan(2000);
    expect(frames.every(conforms)).toBe(true);
  });

  it.each([
    ['a 65-character id', 'i'.repeat(65)],
    ['a 1 MB id', 'i'.repeat(1_000_000)],
    ['an id with a control character', 'a\u0000b'],
    ['an id with a space', 'a b'],
    ['a non-ASCII id', 'idé'],
  ])('answers %s with a protocol.error that passes the schema, never echoing it', async (_name, id) => {
    const { collect } = harness(greeter);
    const [frame] = await collect(encodeFrame({ kind: 'request', id, type: 'ping', params: {} }, 64 << 20), 1);
    expect(frame).toMatchObject({ kind: 'event', type: 'protocol.error', data: { code: 'BAD_REQUEST' } });
    expect(conforms(frame)).toBe(true);
    expect(JSON.stringify(frame)).not.toContain(id);
  });

  it('takes hello and the next request in one write, in order', async () => {
    const { collect } = harness(greeter);
    const frames = await collect(
      Buffer.concat([encodeFrame(hello), encodeFrame({ kind: 'request', id: 'l', type: 'accounts.list', params: {} })]),
      2,
    );
    expect(frames.map((f) => [f.id, f.ok])).toEqual([
      ['h', true],
      ['l', true],
    ]);
  });

  it('starts the accounts after the hello reply is out and before the request behind it', async () => {
    const order: string[] = [];
    const { collect } = harness(
      () =>
        ({
          ...greeter(),
          manager: { ...greeter().manager, list: () => (order.push('list'), []) },
        }) as unknown as HandlerContext,
      () => order.push('accounts started'),
    );
    const frames = await collect(
      Buffer.concat([encodeFrame(hello), encodeFrame({ kind: 'request', id: 'l', type: 'accounts.list', params: {} })]),
      2,
    );
    expect(frames.map((f) => f.id)).toEqual(['h', 'l']);
    expect(order).toEqual(['accounts started', 'list']);
  });

  it('names an unknown type only when it is short', async () => {
    const { collect } = harness(greeter);
    const [frame] = await collect(encodeFrame({ kind: 'request', id: 'u', type: 't'.repeat(100_000) }), 1);
    expect(conforms(frame)).toBe(true);
    expect(JSON.stringify(frame).length).toBeLessThan(2000);
  });
});

describe('the log under a stream of bad requests', () => {
  it('does not take one line per rejected frame', async () => {
    const { collect, logged } = harness(greeter);
    const bad = Array.from({ length: 500 }, (_, i) => encodeFrame({ kind: 'request', id: `b${i}`, type: 'nope' }));
    await collect(Buffer.concat(bad), 500);
    expect(logged.filter((l) => l.includes('"rejected request"')).length).toBeLessThanOrEqual(20);
  });
});

describe('a browser that stops reading', () => {
  it('stops reading requests instead of buffering replies without end', async () => {
    const input = new PassThrough();
    const output = new PassThrough({ highWaterMark: 16 * 1024 });
    const session = new NativeSession({
      input,
      output,
      log: { info() {}, warn() {}, error() {} },
      context: greeter,
      onClose: () => undefined,
    });
    session.start();
    // Nobody reads `output`. 50,000 requests would make ~5 MB of replies.
    const requests = Array.from({ length: 50_000 }, (_, i) =>
      encodeFrame({ kind: 'request', id: `u${i}`, type: 'x'.repeat(60) }),
    );
    for (let i = 0; i < requests.length; i += 500) {
      input.write(Buffer.concat(requests.slice(i, i + 500)));
      await new Promise((r) => setImmediate(r));
    }
    expect(input.isPaused()).toBe(true);
    expect(output.writableLength).toBeLessThan(1024 * 1024);
    // Reading again lets the session carry on.
    let replies = 0;
    const decoder = new FrameDecoder();
    output.on('data', (chunk: Buffer) => (replies += decoder.push(chunk).length));
    await new Promise((r) => setTimeout(r, 200));
    expect(replies).toBeGreaterThan(0);
  });
});
