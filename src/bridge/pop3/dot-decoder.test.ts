import { describe, expect, it } from 'vitest';
import { DotDecoder } from './dot-decoder';

/** Feed `input` in chunks of `splitEvery` bytes; return the content and what follows the terminator. */
function decode(input: string, splitEvery = 0): { content: string; rest: string } {
  const out: Buffer[] = [];
  const d = new DotDecoder((c) => out.push(Buffer.from(c)));
  const buf = Buffer.from(input, 'latin1');
  const step = splitEvery || buf.length;
  for (let off = 0; off < buf.length; off += step) {
    const chunk = buf.subarray(off, Math.min(off + step, buf.length));
    const used = d.push(chunk);
    if (used >= 0) {
      return {
        content: Buffer.concat(out).toString('latin1'),
        rest: buf.subarray(off + used).toString('latin1'),
      };
    }
  }
  return { content: Buffer.concat(out).toString('latin1'), rest: '<unterminated>' };
}

describe('DotDecoder (RFC 1939 §3)', () => {
  const wire = 'Subject: x\r\n\r\n..leading dot\r\n.\r\nnot a terminator: .\r\n...\r\n.\r\n+OK next';

  it('unstuffs dots and stops at the terminator, leaving the next reply untouched', () => {
    // The lone "." line after "leading dot" ends the response.
    expect(decode(wire)).toEqual({
      content: 'Subject: x\r\n\r\n.leading dot\r\n',
      rest: 'not a terminator: .\r\n...\r\n.\r\n+OK next',
    });
  });

  it('gives the same result whatever the chunking', () => {
    const body = 'a\r\n..b\r\n...\r\n.x\r\nend.\r\n.\r\n';
    const whole = decode(body);
    expect(whole).toEqual({ content: 'a\r\n.b\r\n..\r\nx\r\nend.\r\n', rest: '' });
    for (let n = 1; n < 8; n++) expect(decode(body, n)).toEqual(whole);
  });

  it('handles an empty response and a bare-LF terminator', () => {
    expect(decode('.\r\n')).toEqual({ content: '', rest: '' });
    expect(decode('a\n.\n')).toEqual({ content: 'a\n', rest: '' });
  });

  it('keeps a CR that follows a stuffing dot', () => {
    expect(decode('.\rx\r\n.\r\n')).toEqual({ content: '\rx\r\n', rest: '' });
  });

  it('reports an unterminated response', () => {
    expect(decode('line one\r\nline two\r\n').rest).toBe('<unterminated>');
  });
});
