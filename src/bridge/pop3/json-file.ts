/**
 * Small JSON state files in the bridge's state folder: written whole to a temporary file and
 * renamed into place, so a crash or a second bridge process (Chrome and Firefox each start one)
 * never sees half a file. Mode 0600: read state says what someone's mail is.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Read and parse `path`; `fallback` when it is missing or not valid JSON. */
export async function readJson<T>(path: string, fallback: T, check: (v: unknown) => v is T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return fallback;
  }
  try {
    const value: unknown = JSON.parse(text);
    return check(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

let counter = 0;

/** Atomically replace `path` with `value` as JSON (mode 0600). */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${++counter}.tmp`;
  await writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
  await rename(tmp, path);
}
