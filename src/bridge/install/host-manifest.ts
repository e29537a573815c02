/** The native messaging host manifest, allowing exactly Mailglance's fixed extension IDs. */
import { readFileSync } from 'node:fs';
import { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID } from '../../protocol/extension-ids';
import { NATIVE_HOST_NAME } from '../../protocol/version';
import { isChromeFamily, type Browser } from './host-locations';

/**
 * Which manifest key lists the extensions allowed to start the host, and its only right value.
 * Chrome: `allowed_origins` (developer.chrome.com/docs/extensions/develop/concepts/native-messaging#native-messaging-host);
 * Firefox: `allowed_extensions` (developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_manifests).
 */
export function allowList(browser: Browser): { key: 'allowed_origins' | 'allowed_extensions'; ids: string[] } {
  return isChromeFamily(browser)
    ? { key: 'allowed_origins', ids: [`chrome-extension://${CHROME_EXTENSION_ID}/`] }
    : { key: 'allowed_extensions', ids: [FIREFOX_EXTENSION_ID] };
}

/** The manifest `install` writes for one browser. */
export function hostManifest(browser: Browser, launcherPath: string): Record<string, unknown> {
  const { key, ids } = allowList(browser);
  return {
    name: NATIVE_HOST_NAME,
    description: 'Mailglance bridge: IMAP and POP3 for the Mailglance extension',
    path: launcherPath,
    type: 'stdio',
    [key]: ids,
  };
}

export type ManifestRead =
  { ok: true; manifest: Record<string, unknown> } | { ok: false; missing: boolean; error: string };

/** Reads a manifest file without trusting it: a hand-edited or truncated file is an answer, not a throw. */
export function readHostManifest(path: string): ManifestRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, error: missing ? 'no manifest' : String((error as Error).message) };
  }
  try {
    const manifest: unknown = JSON.parse(text);
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
      return { ok: false, missing: false, error: 'the manifest is not a JSON object' };
    return { ok: true, manifest: manifest as Record<string, unknown> };
  } catch (error) {
    return { ok: false, missing: false, error: `the manifest is not valid JSON (${(error as Error).message})` };
  }
}

/** True when `path` holds a Mailglance manifest that starts `launcher`: one that `install` wrote for it. */
export function manifestPointsAt(path: string, launcher: string): boolean {
  const read = readHostManifest(path);
  return read.ok && read.manifest.name === NATIVE_HOST_NAME && read.manifest.path === launcher;
}
