import { describe, expect, it } from 'vitest';
import { pickAttachments } from './forward-attachments';

const att = (filename: string, size: number) => ({
  filename,
  contentType: 'application/octet-stream',
  content: Buffer.alloc(size),
});

describe('pickAttachments', () => {
  it('keeps attachments in order while they fit the cap together and names the rest', () => {
    const picked = pickAttachments([att('a', 40), att('big', 70), att('b', 50)], false, 100);
    expect(picked.attachments.map((a) => a.filename)).toEqual(['a', 'b']);
    expect(picked.leftOut).toEqual([{ filename: 'big', size: 70 }]);
  });

  it('leaves out the last attachment of a cut download instead of sending it damaged', () => {
    const picked = pickAttachments([att('a', 10), att('tail', 10)], true, 100);
    expect(picked.attachments.map((a) => a.filename)).toEqual(['a']);
    expect(picked.leftOut).toEqual([{ filename: 'tail', size: 10 }]);
  });

  it('takes everything that fits the real 20 MiB cap, and not a 50 MB file', () => {
    const picked = pickAttachments([att('report.pdf', 1024), att('video.mp4', 50 * 1000 * 1000)], false);
    expect(picked.attachments.map((a) => a.filename)).toEqual(['report.pdf']);
    expect(picked.leftOut).toEqual([{ filename: 'video.mp4', size: 50_000_000 }]);
  });
});
