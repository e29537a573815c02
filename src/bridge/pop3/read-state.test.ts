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

  it('drops UIDLs that vanished from the server', async () => {
    const s = new ReadState(dir());
    await s.set('gone', true);
    await s.set('kept', true);
    expect(await s.retainOnly(new Set(['kept', 'other']))).toBe(true);
    expect([...s.snapshot()]).toEqual(['kept']);
    expect(await s.retainOnly(new Set(['kept']))).toBe(false);
  });

  it('treats a corrupt file as empty instead of failing', async () => {
    const d = dir();
    writeFileSync(join(d, 'pop3-read.json'), '{"v":1,"read":[1,2');
    const s = new ReadState(d);
    await s.load();
    expect(s.snapshot().size).toBe(0);
  });
});
