import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger } from './log';

describe('fileLogger lines', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('keeps its label when the extra fields carry a `message` of their own', () => {
    dir = mkdtempSync(join(tmpdir(), 'mg-log-'));
    const file = join(dir, 'bridge.log');
    fileLogger(file).warn('pop3 session failed', { accountId: 'a', message: 'connection refused', level: 'x' });
    const line = JSON.parse(readFileSync(file, 'utf8').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', message: 'pop3 session failed', accountId: 'a' });
  });
});
