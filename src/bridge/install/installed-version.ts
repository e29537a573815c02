/**
 * `installed.json` beside the launcher: which bridge version an install (or the Debian package)
 * put there, so `doctor` can tell the installed bridge from the one it runs as, and both from the
 * version the extension expects.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const INSTALLED_FILE = 'installed.json';

export interface Installed {
  version: string;
  /** `npm` (node + bundle), `standalone` (single executable) or `deb` (the Debian package). */
  kind: string;
}

export function writeInstalled(dir: string, installed: Installed): void {
  writeFileSync(join(dir, INSTALLED_FILE), JSON.stringify(installed) + '\n');
}

/** What was installed beside `launcher`, or undefined for an install older than this file. */
export function installedBeside(launcher: string): Installed | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dirname(launcher), INSTALLED_FILE), 'utf8'));
    const { version, kind } = (value ?? {}) as Record<string, unknown>;
    return typeof version === 'string' && typeof kind === 'string'
      ? { version: version.slice(0, 64), kind: kind.slice(0, 32) }
      : undefined;
  } catch {
    return undefined;
  }
}
