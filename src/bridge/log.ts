/**
 * The bridge's logger. In native host mode stdout carries frames only, so logs go to a file:
 * `<config folder>/logs/bridge.log` (`bridgePaths().logFile` in paths.ts; `--config-dir` moves it).
 * Never log secrets: callers pass account ids, not settings objects with passwords.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface RotationOptions {
  /** Size at which the file is rotated (default 1 MB). */
  maxBytes?: number;
  /** Files kept in all, the live one included: `bridge.log`, `bridge.log.1`, … (default 3). */
  files?: number;
}

/**
 * Appends one JSON line per entry; synchronous so a crash still leaves its last words. Rotated
 * by size: when the file would pass `maxBytes`, `bridge.log.1` becomes `.2` (and so on, the
 * oldest dropped) and the live file becomes `.1`, so the log never takes more than
 * `maxBytes × files` (3 MB by default) however long the bridge runs.
 */
export function fileLogger(path: string, opts: RotationOptions = {}): Logger {
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const files = Math.max(1, opts.files ?? 3);
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch {
    // `logs` is a file or the folder is read-only: run without a log (`doctor` reports it).
  }
  let size = sizeOf(path);
  const rotate = () => {
    for (let i = files - 1; i >= 1; i--) {
      try {
        renameSync(i === 1 ? path : `${path}.${i - 1}`, `${path}.${i}`);
      } catch {
        // A missing older file is normal.
      }
    }
    // Another process (the other browser's bridge) may have rotated or written meanwhile.
    size = files === 1 ? 0 : sizeOf(path);
  };
  const write = (level: string, message: string, extra?: Record<string, unknown>) => {
    try {
      // `extra` first: a field of it named like ours (`message`) must never replace the line's label.
      const line = JSON.stringify({ ...extra, t: new Date().toISOString(), level, message }) + '\n';
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) {
        if (files === 1) {
          appendFileSync(path, '', { flag: 'w', mode: 0o600 });
          size = 0;
        } else rotate();
      }
      appendFileSync(path, line, { mode: 0o600 });
      size += bytes;
    } catch {
      // Logging must never take the bridge down.
    }
  };
  return {
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Lets `limit` entries of one kind through per `windowMs`, then counts the rest and reports the
 * count once the window is over: a peer that sends garbage forever costs a few lines a minute,
 * not one line per frame.
 */
export class LogRateLimit {
  private windowStart = -Infinity;
  private inWindow = 0;
  private suppressed = 0;

  constructor(
    private readonly limit = 20,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether to log this entry; `onSummary(n)` is called first when a window with `n` dropped
   * entries has ended.
   */
  allow(onSummary: (suppressed: number) => void): boolean {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0) onSummary(this.suppressed);
      this.windowStart = t;
      this.inWindow = 0;
      this.suppressed = 0;
    }
    if (this.inWindow < this.limit) {
      this.inWindow++;
      return true;
    }
    this.suppressed++;
    return false;
  }
}

/** For CLI commands and tests: to stderr, never stdout. */
export function stderrLogger(quiet = false): Logger {
  const write = (level: string, message: string, extra?: Record<string, unknown>) => {
    if (!quiet) process.stderr.write(`[${level}] ${message}${extra ? ' ' + JSON.stringify(extra) : ''}\n`);
  };
  return {
    info: (m, e) => write('info', m, e),
    warn: (m, e) => write('warn', m, e),
    error: (m, e) => write('error', m, e),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
