import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLogger, LogRateLimit } from './log';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('fileLogger rotation', () => {
  it('keeps at most 3 files of at most 1 MB, newest lines in the live file', () => {
    dir = mkdtempSync(join(tmpdir(), 'mg-log-'));
    const path = join(dir, 'logs', 'bridge.log');
    const log = fileLogger(path);
    // ~150 bytes a line, as a rejected frame used to cost: 40,000 lines = ~6 MB written.
    for (let i = 0; i < 40_000; i++) log.warn('rejected request', { code: 'BAD_REQUEST', n: i, pad: 'x'.repeat(60) });
    const files = [path, `${path}.1`, `${path}.2`];
    for (const f of files) {
      expect(existsSync(f), f).toBe(true);
      expect(statSync(f).size).toBeLessThanOrEqual(1024 * 1024);
    }
    expect(existsSync(`${path}.3`)).toBe(false);
    const last = readFileSync(path, 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ n: 39_999 });
  });
});

describe('LogRateLimit', () => {
  it('lets 20 a minute through, then reports how many it held back', () => {
    let now = 0;
    const limit = new LogRateLimit(20, 60_000, () => now);
    const summaries: number[] = [];
    let allowed = 0;
    for (let i = 0; i < 1000; i++) if (limit.allow((n) => summaries.push(n))) allowed++;
    expect(allowed).toBe(20);
    expect(summaries).toEqual([]);
    now = 60_000;
    expect(limit.allow((n) => summaries.push(n))).toBe(true);
    expect(summaries).toEqual([980]);
  });
});
