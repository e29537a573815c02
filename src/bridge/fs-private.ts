/** Files only the user may read: folders 0700, files 0600, written atomically (temp + rename). */
import { chmodSync, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
}

/**
 * A symbolic link is followed: the file it points to is replaced (atomically, beside itself) and
 * the link stays. People keep config files in a dotfiles repository and link them in (GNU Stow,
 * home-manager); replacing the link with a regular file would silently fork their config. The
 * config folder is 0700, so only its owner can have put the link there. A link whose target
 * cannot be written (a read-only store) fails the write with that error instead.
 */
export function writePrivateJson(path: string, value: unknown): void {
  const target = isSymlink(path) ? realpathSync(path) : path;
  if (target === path) ensurePrivateDir(dirname(path));
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(temp, target);
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Reads JSON, or returns `fallback` when the file does not exist. Other errors propagate. */
export function readJsonOr<T>(path: string, fallback: T): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
}

/** What reading a JSON config file gave: its value, nothing (missing), or why it cannot be read. */
export type JsonRead =
  | { kind: 'value'; value: unknown }
  | { kind: 'missing' }
  /** `empty`: the file has no content at all, so writing over it loses nothing. */
  | { kind: 'damaged'; reason: string; empty: boolean };

/**
 * Reads a JSON config file without throwing: a truncated, non-JSON or unreadable file becomes a
 * reason in words (the errno code, "not valid JSON"), never its content, which may hold secrets.
 */
export function readJsonFile(path: string): JsonRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'damaged', reason: `cannot be read (${code ?? 'error'})`, empty: false };
  }
  if (text.trim() === '') return { kind: 'damaged', reason: 'is empty', empty: true };
  try {
    return { kind: 'value', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'damaged', reason: 'is not valid JSON (truncated?)', empty: false };
  }
}
