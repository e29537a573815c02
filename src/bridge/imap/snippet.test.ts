import { describe, expect, it } from 'vitest';
import {
  decodeCharset,
  decodeTransferEncoding,
  firstSubpartBody,
  htmlToText,
  makeSnippet,
  snippetFromPart,
} from './snippet';

describe('decodeTransferEncoding', () => {
  it('decodes base64 cut mid-quantum and with line breaks', () => {
    const full = Buffer.from('Hello wonderful world').toString('base64');
    const wrapped = Buffer.from(full.slice(0, 8) + '\r\n' + full.slice(8, 19));
    expect(decodeTransferEncoding(wrapped, 'BASE64').toString()).toBe('Hello wonder');
  });
  it('decodes quoted-printable with soft breaks and drops a cut escape', () => {
    expect(decodeTransferEncoding(Buffer.from('caf=C3=A9 soft=\r\nbreak'), 'quoted-printable').toString()).toBe(
      'café softbreak',
    );
    expect(decodeTransferEncoding(Buffer.from('abc=C'), 'quoted-printable').toString()).toBe('abc');
  });
  it('keeps the last bytes of a complete, padded base64 body', () => {
    const data = Buffer.from(Buffer.from('Hello from the test suite.').toString('base64'));
    expect(decodeTransferEncoding(data, 'base64').toString()).toBe('Hello from the test suite.');
  });
  it('passes 7bit/8bit through', () => {
    expect(decodeTransferEncoding(Buffer.from('plain'), '7bit').toString()).toBe('plain');
  });
});

describe('decodeCharset', () => {
  it('decodes legacy charsets and drops a cut UTF-8 sequence', () => {
    expect(decodeCharset(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'iso-8859-1')).toBe('café');
    expect(decodeCharset(Buffer.from('café').subarray(0, 4), 'utf-8')).toBe('caf');
    expect(decodeCharset(Buffer.from('ok'), 'x-no-such-charset')).toBe('ok');
  });
});

describe('htmlToText', () => {
  it('drops style/script/head and tags, decodes entities', () => {
    const html =
      '<html><head><title>T</title><style>p{color:red}</style></head><body><p>Hi&nbsp;&amp; welcome</p>' +
      '<script>alert(1)</script><div>Line&#33; &#x263A;</div></body></html>';
    expect(htmlToText(html).replace(/\s+/g, ' ').trim()).toBe('Hi & welcome Line! ☺');
  });
  it('copes with a cut tag at the end', () => {
    expect(htmlToText('<p>Hello</p><a href="http://exa').trim()).toBe('Hello');
  });
});

describe('makeSnippet', () => {
  it('collapses whitespace, skips quoted lines, caps at 200 chars', () => {
    expect(makeSnippet('Hi there,\n\n> old quoted text\nNew   text\t here')).toBe('Hi there, New text here');
    expect(makeSnippet('x'.repeat(500))).toHaveLength(200);
  });
  it('never splits a surrogate pair', () => {
    const s = makeSnippet('a' + '😀'.repeat(150));
    expect(s.length).toBeLessThanOrEqual(200);
    expect(s.endsWith('😀')).toBe(true);
  });
});

describe('snippetFromPart', () => {
  it('turns a base64 HTML part into text', () => {
    const data = Buffer.from(Buffer.from('<b>Bold</b> news &lt;today&gt;').toString('base64'));
    expect(snippetFromPart(data, { encoding: 'base64', charset: 'utf-8', html: true })).toBe('Bold news <today>');
  });
});

describe('firstSubpartBody', () => {
  const mixed = [
    'This is a multi-part message.',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    'Hello there.',
    'Second line.',
    '--inner',
    'Content-Type: text/html',
    '',
    '<p>Hello</p>',
    '--inner--',
  ].join('\r\n');
  it('takes the first subpart of part 1, one level per boundary', () => {
    const alt = mixed.slice(mixed.indexOf('--inner'));
    expect(firstSubpartBody(Buffer.from(alt), ['inner'])).toEqual({
      body: Buffer.from('Hello there.\r\nSecond line.'),
      whole: true,
    });
  });
  it('says when the body was cut before its closing boundary', () => {
    const cut = mixed.slice(mixed.indexOf('--inner'), mixed.indexOf('Second') + 3);
    expect(firstSubpartBody(Buffer.from(cut), ['inner'])).toEqual({
      body: Buffer.from('Hello there.\r\nSec'),
      whole: false,
    });
  });
  it('skips a preamble and handles a subpart without headers', () => {
    expect(firstSubpartBody(Buffer.from('preamble\r\n--b\r\n\r\nbare text\r\n--b--'), ['b'])).toEqual({
      body: Buffer.from('bare text'),
      whole: true,
    });
  });
  it('gives up when the data stops inside the headers or the boundary is missing', () => {
    expect(firstSubpartBody(Buffer.from('--b\r\nContent-Type: text/pl'), ['b'])).toBeUndefined();
    expect(firstSubpartBody(Buffer.from('--other\r\n\r\ntext'), ['b'])).toBeUndefined();
  });
});
