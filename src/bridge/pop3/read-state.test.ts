import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadState } from './read-state';

const dir = () => mkdtempSync(join(tmpdir(), 'mg-read-'));

describe('ReadState', () => {
  it('persists as a 0600 file that a second instance (another browser) sees', async () => {
    const d = dir();
    const a = new ReadState(d);
    const b = new ReadState(d);
    expect(await a.set('u1', true)).toBe(true);
    expect(await a.set('u1', true)).toBe(false); // idempotent
    await b.set('u2', true); // re-reads first: keeps u1
    await a.load();
    expect([a.has('u1'), a.has('u2')]).toEqual([true, true]);
    expect(statSync(join(d, 'pop3-read.json')).mode & 0o777).toBe(0o600);
  });

  it('forgets only the UIDLs it is told vanished, and still re-reads when there are none', async () => {
    const d = dir();
    const s = new ReadState(d);
    await s.addAll(['gone', 'kept']);
    expect(await s.forget(['gone', 'never-read'])).toEqual(['gone']);
    expect([...s.snapshot()]).toEqual(['kept']);
    await new ReadState(d).set('from-the-other-bridge', true);
    expect(await s.forget([])).toEqual([]);
    expect(s.has('from-the-other-bridge')).toBe(true);
  });

  it('loses no mark when two instances (two bridges) change the file at the same time', async () => {
    const d = dir();
    const a = new ReadState(d);
    const b = new ReadState(d);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => [
        a.set(`a${i}`, true),
        b.set(`b${i}`, true),
        b.set(`x${i}`, i % 2 === 0),
      ]).flat(),
    );
    const file = new ReadState(d);
    await file.load();
    expect(file.snapshot().size).toBe(100); // 40 a, 40 b, 20 even x
    await Promise.all([a.load(), b.load()]);
    expect(a.snapshot()).toEqual(file.snapshot());
    expect(b.snapshot()).toEqual(file.snapshot());
  });

  it('keeps the copy in memory in step with the file when a re-read overlaps a change', async () => {
    const d = dir();
    const s = new ReadState(d);
    // Without ordering, the re-read started first could finish last and bring back the old set.
    const results = await Promise.all([s.load(), s.set('u1', true), s.load(), s.set('u2', true), s.load()]);
    expect(results.filter((r) => r === true)).toHaveLength(2);
    expect([s.has('u1'), s.has('u2')]).toEqual([true, true]);
  });

  it('treats a corrupt file as empty instead of failing', async () => {
    const d = dir();
    writeFileSync(join(d, 'pop3-read.json'), '{"v":1,"read":[1,2');
    const s = new ReadState(d);
    await s.load();
    expect(s.snapshot().size).toBe(0);
  });
});
