import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writePrivateJson } from '../fs-private';
import { silentLogger, type Logger } from '../log';
import { watchFile, type FileWatch, type FolderWatcher } from './watch-file';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchFile', () => {
  let dir: string;
  let file: string;
  let watch: FileWatch | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mg-watch-'));
    file = join(dir, 'accounts.json');
  });
  afterEach(() => {
    watch?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees atomic replaces of the file (new inode each time) as one call per write', async () => {
    writePrivateJson(file, { n: 0 });
    const onChange = vi.fn();
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 50 });
    for (let n = 1; n <= 3; n++) {
      writePrivateJson(file, { n }); // temp file + rename: a burst of events
      await sleep(250);
      expect(onChange).toHaveBeenCalledTimes(n);
    }
  });

  it('ignores other files in the folder', async () => {
    const onChange = vi.fn();
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 20 });
    writePrivateJson(join(dir, 'secrets.json'), {});
    writeFileSync(join(dir, 'accounts.json.bak'), '{}');
    await sleep(200);
    expect(onChange).not.toHaveBeenCalled();
    writeFileSync(file, '{}');
    await sleep(200);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('falls back to polling when the watch fails later, and logs why', async () => {
    const watcher = Object.assign(new EventEmitter(), { close: vi.fn() });
    const log: Logger = { ...silentLogger, warn: vi.fn() };
    const onChange = vi.fn();
    watch = watchFile(file, onChange, log, { coalesceMs: 5, pollMs: 40, watchFolder: () => watcher });
    await sleep(100);
    expect(onChange).not.toHaveBeenCalled();
    watcher.emit('error', new Error('ENOSPC: inotify watch limit reached'));
    await sleep(230);
    expect(watcher.close).toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith(
      'cannot watch the accounts file; checking it periodically',
      expect.objectContaining({ error: 'ENOSPC: inotify watch limit reached' }),
    );
    expect(onChange.mock.calls.length).toBeGreaterThanOrEqual(4);
    watch.close();
    const calls = onChange.mock.calls.length;
    await sleep(120);
    expect(onChange).toHaveBeenCalledTimes(calls);
  });

  it('polls when the watch cannot be set up at all', async () => {
    const onChange = vi.fn();
    const failing = (): FolderWatcher => {
      throw new Error('EMFILE');
    };
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 5, pollMs: 30, watchFolder: failing });
    await sleep(200);
    expect(onChange.mock.calls.length).toBeGreaterThanOrEqual(3);
  });

  it('stays silent after close', async () => {
    const onChange = vi.fn();
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 20 });
    writeFileSync(file, '{}');
    watch.close(); // before the coalesced call fires
    await sleep(150);
    writeFileSync(file, '{"again":1}');
    await sleep(150);
    expect(onChange).not.toHaveBeenCalled();
  });
});
