import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameTooLargeError, MessageTooLargeError } from './framing';

function frame(value: unknown): Buffer {
  return encodeFrame(value);
}

describe('FrameDecoder', () => {
  it('decodes one frame', () => {
    expect(new FrameDecoder().push(frame({ a: 1 }))).toEqual([{ ok: true, value: { a: 1 } }]);
  });

  it('joins a frame split across many chunks, even inside the length prefix', () => {
    const bytes = frame({ text: 'grüße 🚀', n: [1, 2, 3] });
    const decoder = new FrameDecoder();
    const out = [];
    for (const byte of bytes) out.push(...decoder.push(Buffer.from([byte])));
    expect(out).toEqual([{ ok: true, value: { text: 'grüße 🚀', n: [1, 2, 3] } }]);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('splits several frames in one chunk and keeps a trailing partial one', () => {
    const a = frame({ i: 1 });
    const b = frame({ i: 2 });
    const c = frame({ i: 3 });
    const decoder = new FrameDecoder();
    const out = decoder.push(Buffer.concat([a, b, c.subarray(0, 5)]));
    expect(out.map((f) => (f.ok ? f.value : null))).toEqual([{ i: 1 }, { i: 2 }]);
    expect(decoder.push(c.subarray(5))).toEqual([{ ok: true, value: { i: 3 } }]);
  });

  it('reports invalid JSON without losing the frames after it', () => {
    const bad = Buffer.from('{nope');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(bad.length);
    const out = new FrameDecoder().push(Buffer.concat([header, bad, frame({ ok: 1 })]));
    expect(out[0]).toMatchObject({ ok: false, reason: 'invalid-json' });
    expect(out[1]).toEqual({ ok: true, value: { ok: 1 } });
  });

  it('throws on a length above the limit', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(0xffffffff);
    expect(() => new FrameDecoder().push(header)).toThrow(FrameTooLargeError);
  });
});

describe('encodeFrame', () => {
  it('writes a little-endian length of the UTF-8 bytes', () => {
    const out = encodeFrame('ü');
    expect(out.readUInt32LE(0)).toBe(4); // "ü" in quotes is 4 bytes
    expect(out.subarray(4).toString()).toBe('"ü"');
  });

  it('refuses a message above 1 MB', () => {
    expect(() => encodeFrame({ s: 'x'.repeat(1024 * 1024) })).toThrow(MessageTooLargeError);
    expect(encodeFrame({ s: 'x'.repeat(1024 * 1024 - 20) }).length).toBeLessThanOrEqual(1024 * 1024 + 4);
  });
});

describe('FrameDecoder against hostile input', () => {
  it('refuses deep nesting before JSON.parse, in milliseconds', () => {
    const deep = Buffer.from('['.repeat(1_000_000) + ']'.repeat(1_000_000));
    const t0 = performance.now();
    const [out] = new FrameDecoder().push(Buffer.concat([lengthOf(deep), deep]));
    expect(out).toMatchObject({ ok: false, message: 'nested deeper than 64 levels' });
    // JSON.parse took 0.9 s for 200,000 levels here; the scan takes a few ms for a million.
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('counts brackets inside strings as text', () => {
    const value = { s: '['.repeat(500) + '"\\' + '{'.repeat(500), n: [[[1]]] };
    expect(new FrameDecoder().push(encodeFrame(value))).toEqual([{ ok: true, value }]);
  });

  it('does not keep a large chunk alive for a small partial tail', () => {
    const decoder = new FrameDecoder();
    const big = frame({ pad: 'x'.repeat(1_000_000) });
    const tail = frame({ i: 1 }).subarray(0, 6);
    decoder.push(Buffer.concat([big, tail]));
    expect(decoder.pendingBytes).toBe(6);
    const held = (decoder as unknown as { chunks: Buffer[] }).chunks;
    expect(held.reduce((n, c) => n + c.buffer.byteLength, 0)).toBeLessThan(64 * 1024);
  });
});

function lengthOf(body: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32LE(body.length);
  return h;
}
