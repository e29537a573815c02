/**
 * Where each browser looks for native messaging host manifests.
 * Chrome family: developer.chrome.com/docs/extensions/develop/concepts/native-messaging#native-messaging-host-location
 * Firefox: developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_manifests#manifest_location
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NATIVE_HOST_NAME } from '../../protocol/version';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

export function isChromeFamily(browser: Browser): boolean {
  return browser !== 'firefox';
}

const LINUX_DIRS: Record<Browser, string> = {
  chrome: '.config/google-chrome/NativeMessagingHosts',
  chromium: '.config/chromium/NativeMessagingHosts',
  edge: '.config/microsoft-edge/NativeMessagingHosts',
  brave: '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  firefox: '.mozilla/native-messaging-hosts',
};

const MAC_DIRS: Record<Browser, string> = {
  chrome: 'Library/Application Support/Google/Chrome/NativeMessagingHosts',
  chromium: 'Library/Application Support/Chromium/NativeMessagingHosts',
  edge: 'Library/Application Support/Microsoft Edge/NativeMessagingHosts',
  brave: 'Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  firefox: 'Library/Application Support/Mozilla/NativeMessagingHosts',
};

/**
 * Linux system-wide folders, read by every user's browser when the user has no manifest of their
 * own: what the Debian package installs into (scripts/build-deb.mjs). Chromium and Chrome:
 * the "system-wide" locations of developer.chrome.com/docs/extensions/develop/concepts/native-messaging#native-messaging-host-location;
 * Firefox: developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_manifests#linux.
 */
export const LINUX_SYSTEM_DIRS: Partial<Record<Browser, string>> = {
  chrome: '/etc/opt/chrome/native-messaging-hosts',
  chromium: '/etc/chromium/native-messaging-hosts',
  edge: '/etc/opt/edge/native-messaging-hosts',
  firefox: '/usr/lib/mozilla/native-messaging-hosts',
};

/** The system-wide manifest a browser falls back to on Linux, under `root` (tests use a temp folder). */
export function systemManifestPath(browser: Browser, platform: NodeJS.Platform, root = '/'): string | undefined {
  const dir = platform === 'linux' ? LINUX_SYSTEM_DIRS[browser] : undefined;
  return dir === undefined ? undefined : join(root, dir, `${NATIVE_HOST_NAME}.json`);
}

/** Windows: HKCU\<key>\<host name> has the manifest's path as its default value. */
export const WINDOWS_REGISTRY_KEYS: Record<Browser, string> = {
  chrome: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'HKCU\\Software\\Chromium\\NativeMessagingHosts',
  edge: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: 'HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts',
  firefox: 'HKCU\\Software\\Mozilla\\NativeMessagingHosts',
};

/**
 * The folder a browser reads host manifests from. With `userDataDir` (Chromium started with
 * `--user-data-dir`), Chromium reads only `<dir>/NativeMessagingHosts/` (docs/architecture.md).
 * On Windows manifests live beside the launcher and the registry points at them.
 */
export function manifestDir(
  browser: Browser,
  opts: { platform?: NodeJS.Platform; home?: string; userDataDir?: string; installDir: string },
): string {
  if (opts.userDataDir && isChromeFamily(browser)) return join(opts.userDataDir, 'NativeMessagingHosts');
  const platform = opts.platform ?? process.platform;
  const home = opts.home ?? homedir();
  if (platform === 'win32') return join(opts.installDir, 'manifests', browser);
  return join(home, platform === 'darwin' ? MAC_DIRS[browser] : LINUX_DIRS[browser]);
}

/** The host manifest file for a browser: `<manifestDir>/<host name>.json`. */
export function manifestPath(browser: Browser, opts: Parameters<typeof manifestDir>[1]): string {
  return join(manifestDir(browser, opts), `${NATIVE_HOST_NAME}.json`);
}
