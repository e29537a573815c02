import { describe, expect, it } from 'vitest';
import { redactWire } from './wire-log';

describe('redactWire', () => {
  it('takes LOGIN arguments, AUTHENTICATE responses and base64 continuations out', () => {
    expect(redactWire('A1 LOGIN "alice" "hunter2"')).toBe('A1 LOGIN (redacted)');
    expect(redactWire('2 login alice {7+}')).toBe('2 login (redacted)');
    expect(redactWire('A2 AUTHENTICATE PLAIN AGFsaWNlAGh1bnRlcjI=')).toBe('A2 AUTHENTICATE PLAIN (redacted)');
    expect(redactWire('AGFsaWNlAGh1bnRlcjI=')).toBe('(redacted continuation)');
  });

  it('keeps ordinary commands as they are', () => {
    for (const line of ['A3 SELECT INBOX', 'A4 UID FETCH 1:* (FLAGS)', 'DONE', 'A5 IDLE']) {
      expect(redactWire(line)).toBe(line);
    }
  });
});
