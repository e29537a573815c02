/**
 * The extension that last said `hello` to this config folder's bridge: its version and browser,
 * so `doctor` (run by a person, without the browser) can say which bridge version it expects.
 * Extension and bridge are released together under one version (package.json).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExtensionSeen {
  version: string;
  browser?: string;
  /** ISO time of the hello. */
  at: string;
}

const file = (stateDir: string) => join(stateDir, 'extension.json');

export function recordExtension(stateDir: string, seen: ExtensionSeen): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(file(stateDir), JSON.stringify(seen) + '\n', { mode: 0o600 });
}

export function lastExtension(stateDir: string): ExtensionSeen | undefined {
  try {
    const value = JSON.parse(readFileSync(file(stateDir), 'utf8')) as Record<string, unknown>;
    if (typeof value.version !== 'string' || typeof value.at !== 'string') return undefined;
    return {
      version: value.version.slice(0, 64),
      at: value.at.slice(0, 40),
      ...(typeof value.browser === 'string' ? { browser: value.browser.slice(0, 64) } : {}),
    };
  } catch {
    return undefined;
  }
}
