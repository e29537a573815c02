/**
 * Tells the account manager that accounts.json may have changed, whoever wrote it (the other
 * browser's bridge, the CLI, or this process).
 *
 * It watches the folder, not the file: writes are atomic renames, which replace the file's inode,
 * and a watch on the file itself keeps following the old, unlinked inode (inotify) and goes
 * silent. Events come in bursts (temp file, rename), so they are coalesced into one call. If the
 * watch cannot be set up or fails later (inotify limits, a folder on a file system without change
 * notification), the caller is woken every few seconds instead: it re-reads a small file and
 * acts only on differences, so a spurious call costs next to nothing.
 */
import { watch as fsWatch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../log';

export interface FileWatch {
  close(): void;
}

/** The part of `fs.watch` used here (tests pass one that fails). */
export interface FolderWatcher {
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void;
  unref?(): unknown;
}
export type WatchFolder = (dir: string, listener: (event: string, filename: string | null) => void) => FolderWatcher;

export interface WatchFileOptions {
  /** How long a burst of events is gathered into one call. */
  coalesceMs?: number;
  /** Polling period once the watch failed. */
  pollMs?: number;
  watchFolder?: WatchFolder;
}

const realWatch: WatchFolder = (dir, listener) => fsWatch(dir, { persistent: false }, listener);

/** Calls `onChange` (at most once per `coalesceMs`) after `file` was created, replaced or written. */
export function watchFile(file: string, onChange: () => void, log: Logger, opts: WatchFileOptions = {}): FileWatch {
  const { coalesceMs = 100, pollMs = 3000, watchFolder = realWatch } = opts;
  const name = basename(file);
  let closed = false;
  let pending: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  let watcher: FolderWatcher | undefined;

  // Trailing call after the first event of a burst, not reset by later ones: the caller reads the
  // file when it runs, so the delay stays bounded even under a stream of writes.
  const schedule = () => {
    if (closed || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      if (!closed) onChange();
    }, coalesceMs);
    pending.unref();
  };

  const fallBack = (error: unknown) => {
    if (closed || poll) return;
    log.warn('cannot watch the accounts file; checking it periodically', {
      error: (error as Error)?.message ?? String(error),
      pollMs,
    });
    watcher?.close();
    watcher = undefined;
    poll = setInterval(schedule, pollMs);
    poll.unref();
    schedule(); // a change may have slipped through while the watch broke
  };

  try {
    // Some platforms report no file name: then any event in the folder may concern the file.
    watcher = watchFolder(dirname(file), (_event, filename) => {
      if (filename === null || filename === name) schedule();
    });
    watcher.on('error', fallBack);
    watcher.unref?.();
  } catch (error) {
    fallBack(error);
  }

  return {
    close() {
      closed = true;
      clearTimeout(pending);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
