/**
 * Tests that need a real program (a browser, Dovecot) fail when it is missing on CI and skip
 * elsewhere, with a message that says what to install.
 */
import { existsSync } from 'node:fs';

export function findExecutable(candidates: string[]): string | undefined {
  return candidates.find((path) => existsSync(path));
}

/** Returns true when the test may run; throws on CI when the program is missing. */
export function requireProgram(name: string, path: string | undefined, installHint: string): path is string {
  if (path) return true;
  const message = `${name} is missing: ${installHint}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`skipping: ${message}`);
  return false;
}

export const CHROMIUM = findExecutable([
  process.env.CHROMIUM_PATH ?? '',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
]);
export const FIREFOX = findExecutable([process.env.FIREFOX_PATH ?? '', '/usr/bin/firefox-esr', '/usr/bin/firefox']);
