/**
 * Browsers installed as a Snap or a Flatpak. Their sandbox hides the host manifests and the
 * bridge from them: they can start a native host only through the desktop portal
 * (xdg-desktop-portal's WebExtensions interface), where the distribution ships it, and otherwise
 * never connect however the bridge is installed. `doctor` names them so nobody hunts for a
 * registration problem that is not there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface SandboxedBrowser {
  name: string;
  kind: 'snap' | 'flatpak';
  path: string;
}

const SNAPS: Record<string, string> = { chromium: 'Chromium', firefox: 'Firefox', brave: 'Brave' };
const FLATPAKS: Record<string, string> = {
  'org.mozilla.firefox': 'Firefox',
  'org.chromium.Chromium': 'Chromium',
  'com.google.Chrome': 'Google Chrome',
  'com.brave.Browser': 'Brave',
  'com.microsoft.Edge': 'Microsoft Edge',
  'io.github.ungoogled_software.ungoogled_chromium': 'Ungoogled Chromium',
};

/** Every Snap or Flatpak browser found on this Linux machine (`root` and `home` for tests). */
export function sandboxedBrowsers(opts: {
  home: string;
  root?: string;
  platform?: NodeJS.Platform;
}): SandboxedBrowser[] {
  if ((opts.platform ?? process.platform) !== 'linux') return [];
  const root = opts.root ?? '/';
  const found: SandboxedBrowser[] = [];
  for (const [snap, name] of Object.entries(SNAPS)) {
    const path = join(root, 'snap', snap);
    if (existsSync(path)) found.push({ name, kind: 'snap', path });
  }
  for (const [id, name] of Object.entries(FLATPAKS)) {
    for (const base of [join(root, 'var/lib/flatpak/app'), join(opts.home, '.local/share/flatpak/app')]) {
      const path = join(base, id);
      if (existsSync(path)) found.push({ name, kind: 'flatpak', path });
    }
  }
  return found;
}

/** The line `doctor` prints for one. */
export function sandboxedNote(b: SandboxedBrowser): string {
  const how = b.kind === 'snap' ? 'a Snap' : 'a Flatpak';
  return (
    `${b.name} is installed as ${how} (${b.path}): it cannot start native hosts such as the bridge ` +
    `except through the desktop portal. If it does not connect, use ${b.name} from your distribution's ` +
    `packages (.deb/.rpm) or the vendor's.`
  );
}
