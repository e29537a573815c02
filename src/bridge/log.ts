/**
 * The bridge's logger. In native host mode stdout carries frames only, so logs go to a file:
 * `<config folder>/logs/bridge.log` (`bridgePaths().logFile` in paths.ts; `--config-dir` moves it).
 * Never log secrets: callers pass account ids, not settings objects with passwords.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Appends one JSON line per entry; synchronous so a crash still leaves its last words. */
export function fileLogger(path: string): Logger {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch {
    // `logs` is a file or the folder is read-only: run without a log (`doctor` reports it).
  }
  const write = (level: string, message: string, extra?: Record<string, unknown>) => {
    try {
      appendFileSync(path, JSON.stringify({ t: new Date().toISOString(), level, message, ...extra }) + '\n', {
        mode: 0o600,
      });
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
