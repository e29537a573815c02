import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writePrivateJson } from '../fs-private';
import { silentLogger, type Logger } from '../log';
import { watchFile, type FileWatch, type FolderWatcher, type WatchFolder } from './watch-file';

/** A folder watcher the test drives: `emit(name)` is what fs.watch reports for a file in it. */
function fakeFolder() {
  const watcher = Object.assign(new EventEmitter(), { close: vi.fn() });
  let listener: ((event: string, filename: string | null) => void) | undefined;
  return {
    watcher,
    watchFolder: ((_dir, l) => ((listener = l), watcher)) satisfies WatchFolder,
    emit: (filename: string | null) => listener?.('rename', filename),
  };
}

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
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  // The real fs.watch: every atomic replace (temp file + rename, a new inode) is noticed. The
  // deadline is generous; the test ends as soon as the call arrives.
  it('sees each atomic replace of the real file', async () => {
    writePrivateJson(file, { n: 0 });
    const onChange = vi.fn();
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 20 });
    for (let n = 1; n <= 3; n++) {
      const before = onChange.mock.calls.length;
      writePrivateJson(file, { n });
      await vi.waitFor(() => expect(onChange.mock.calls.length).toBeGreaterThan(before), { timeout: 10_000 });
    }
  });

  it('turns a burst of events into one call, coalesceMs after the first', () => {
    vi.useFakeTimers();
    const folder = fakeFolder();
    const onChange = vi.fn();
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 50, watchFolder: folder.watchFolder });
    for (let i = 0; i < 5; i++) folder.emit('accounts.json');
    vi.advanceTimersByTime(49);
    expect(onChange).not.toHaveBeenCalled();
    folder.emit('accounts.json'); // later events of the burst do not push the call back
    vi.advanceTimersByTime(1);
    expect(onChange).toHaveBeenCalledTimes(1);
    folder.emit('accounts.json');
    vi.advanceTimersByTime(50);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('ignores other files in the folder; an event without a name may be the file', () => {
    vi.useFakeTimers();
    const folder = fakeFolder();
    const onChange = vi.fn();
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 20, watchFolder: folder.watchFolder });
    folder.emit('secrets.json');
    folder.emit('accounts.json.bak');
    folder.emit('accounts.json.1234.tmp');
    vi.advanceTimersByTime(1_000);
    expect(onChange).not.toHaveBeenCalled();
    folder.emit('accounts.json');
    vi.advanceTimersByTime(20);
    expect(onChange).toHaveBeenCalledTimes(1);
    folder.emit(null);
    vi.advanceTimersByTime(20);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('falls back to polling when the watch fails later, and logs why', () => {
    vi.useFakeTimers();
    const folder = fakeFolder();
    const log: Logger = { ...silentLogger, warn: vi.fn() };
    const onChange = vi.fn();
    watch = watchFile(file, onChange, log, { coalesceMs: 5, pollMs: 40, watchFolder: folder.watchFolder });
    vi.advanceTimersByTime(100);
    expect(onChange).not.toHaveBeenCalled();
    folder.watcher.emit('error', new Error('ENOSPC: inotify watch limit reached'));
    expect(folder.watcher.close).toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith(
      'cannot watch the accounts file; checking it periodically',
      expect.objectContaining({ error: 'ENOSPC: inotify watch limit reached' }),
    );
    vi.advanceTimersByTime(5); // a change may have slipped through while the watch broke
    expect(onChange).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3 * 40);
    expect(onChange).toHaveBeenCalledTimes(4);
    watch.close();
    vi.advanceTimersByTime(10 * 40);
    expect(onChange).toHaveBeenCalledTimes(4);
  });

  it('polls when the watch cannot be set up at all', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    const failing = (): FolderWatcher => {
      throw new Error('EMFILE');
    };
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 5, pollMs: 30, watchFolder: failing });
    vi.advanceTimersByTime(5);
    expect(onChange).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2 * 30);
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it('stays silent after close, even with a call already scheduled', () => {
    vi.useFakeTimers();
    const folder = fakeFolder();
    const onChange = vi.fn();
    watch = watchFile(file, onChange, silentLogger, { coalesceMs: 20, watchFolder: folder.watchFolder });
    folder.emit('accounts.json');
    watch.close(); // before the coalesced call fires
    expect(folder.watcher.close).toHaveBeenCalled();
    folder.emit('accounts.json');
    vi.advanceTimersByTime(1_000);
    expect(onChange).not.toHaveBeenCalled();
  });
});
