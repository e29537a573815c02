/**
 * The Debian package (scripts/build-deb.mjs): `dpkg -i` registers the bridge system-wide, and
 * Chromium and Firefox started with no per-user registration at all connect to it through the
 * system manifests; `dpkg -r` leaves nothing of the package behind (each user's own config
 * folder stays theirs). Needs root, as CI runs. The package is always removed again, even when
 * a step fails: other test runs on this machine must not find a system-wide bridge.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { CHROME_BUILD, FIREFOX_BUILD, ROOT, requireBuilt } from '../support/built';
import { launchChromium, openPopup } from '../support/chromium';
import { launchFirefox, openFirefoxPopup } from '../support/firefox';
import { CHROMIUM, FIREFOX, requireProgram } from '../support/require-tool';

const DEB = join(ROOT, 'dist/deb', `mailglance-bridge_${version}_amd64.deb`);
const PACKAGE = 'mailglance-bridge';
const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('the Debian package test needs root under CI=true');
const run =
  isRoot &&
  requireProgram('Chromium', CHROMIUM, 'apt-get install chromium') &&
  requireProgram('Firefox', FIREFOX, 'apt-get install firefox-esr');

const installed = () => spawnSync('dpkg-query', ['-W', '-f=${Status}', PACKAGE], { encoding: 'utf8' }).stdout;
/** Removes the package in whatever state it is in (dpkg only warns when it is not there). */
function removePackage(): void {
  if (installed().trim() && !installed().includes('not-installed'))
    spawnSync('dpkg', ['-r', PACKAGE], { stdio: 'ignore' });
}
/**
 * Folders the package may create: those that did not exist before must be gone after removal.
 * dpkg also removes an empty folder no other package owns (here /etc/opt may be such a one):
 * the test puts back any that existed before, so the machine is left as it was found.
 */
const PARENT_DIRS = ['/etc/opt', '/etc/chromium', '/usr/lib/mozilla'];
const PACKAGE_DIRS = [
  '/etc/chromium/native-messaging-hosts',
  '/etc/opt/chrome',
  '/usr/lib/mozilla/native-messaging-hosts',
  '/usr/lib/mailglance-bridge',
];

describe.runIf(run)('the Debian package', () => {
  let root: string;
  let files: string[] = [];
  let before: string[] = [];

  beforeAll(() => {
    requireBuilt(DEB, CHROME_BUILD, FIREFOX_BUILD);
    if (installed().includes('install ok installed')) {
      throw new Error(`${PACKAGE} is already installed on this machine; remove it first (dpkg -r ${PACKAGE})`);
    }
    root = mkdtempSync(join(tmpdir(), 'mg-deb-'));
    before = [...PARENT_DIRS, ...PACKAGE_DIRS].filter((dir) => existsSync(dir));
  });

  afterAll(() => {
    removePackage();
    for (const dir of before) mkdirSync(dir, { recursive: true, mode: 0o755 });
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('installs system-wide, both browsers connect with no per-user step, and removal leaves nothing', async () => {
    const home = join(root, 'home');
    // No node on the PATH the bridge could lean on.
    const env = { HOME: home, PATH: '/usr/sbin:/sbin:/bin' };
    try {
      execFileSync('dpkg', ['-i', DEB], { stdio: 'pipe' });
      files = execFileSync('dpkg-query', ['-L', PACKAGE], { encoding: 'utf8' }).trim().split('\n');
      for (const manifest of [
        '/etc/chromium/native-messaging-hosts/dev.mailglance.bridge.json',
        '/etc/opt/chrome/native-messaging-hosts/dev.mailglance.bridge.json',
        '/usr/lib/mozilla/native-messaging-hosts/dev.mailglance.bridge.json',
      ]) {
        expect(files).toContain(manifest);
      }

      // `doctor` as a user without any registration of their own sees the system manifests.
      const doctor = spawnSync('/usr/bin/mailglance-bridge', ['doctor', '--json'], { encoding: 'utf8', env });
      expect(doctor.status, doctor.stderr).toBe(0);
      const report = JSON.parse(doctor.stdout);
      const status = Object.fromEntries(
        report.browsers.map((b: { browser: string; status: string }) => [b.browser, b.status]),
      );
      expect(status).toMatchObject({ chromium: 'registered', chrome: 'registered', firefox: 'registered' });
      expect(report.installed).toEqual([
        { version, kind: 'deb', launcher: '/usr/lib/mailglance-bridge/mailglance-bridge' },
      ]);

      // Chromium: a fresh profile, no NativeMessagingHosts/ in it.
      const profile = join(root, 'profile');
      const context = await launchChromium(CHROMIUM!, profile, CHROME_BUILD, {
        ...process.env,
        ...env,
        PATH: process.env.PATH ?? '',
      });
      try {
        // Chromium makes the folder itself; what matters is that no manifest of ours is in it.
        expect(existsSync(join(profile, 'NativeMessagingHosts/dev.mailglance.bridge.json'))).toBe(false);
        const popup = await openPopup(context);
        await expect
          .poll(() => popup.locator('[data-state="connected"]').textContent(), { timeout: 20_000 })
          .toContain(version);
      } finally {
        await context.close();
      }

      // Firefox: a HOME without ~/.mozilla/native-messaging-hosts.
      const firefoxHome = join(root, 'firefox-home');
      const browser = await launchFirefox(FIREFOX!, firefoxHome);
      try {
        expect(existsSync(join(firefoxHome, '.mozilla/native-messaging-hosts/dev.mailglance.bridge.json'))).toBe(false);
        const popup = await openFirefoxPopup(browser);
        await expect
          .poll(() => popup.$eval('[data-state]', (el) => el.getAttribute('data-state')).catch(() => null), {
            timeout: 20_000,
          })
          .toBe('connected');
        expect(await popup.$eval('[data-state]', (el) => el.textContent)).toContain(version);
      } finally {
        await browser.close();
      }
      // Each browser's bridge used that user's own config folder.
      expect(existsSync(join(home, '.config/mailglance'))).toBe(true);
      expect(existsSync(join(firefoxHome, '.config/mailglance'))).toBe(true);
    } finally {
      removePackage();
    }
    expect(installed()).not.toContain('install ok installed');
    const left = files.filter((f) => f.includes('mailglance') && existsSync(f));
    expect(left).toEqual([]);
    for (const dir of PACKAGE_DIRS) expect(existsSync(dir), dir).toBe(before.includes(dir));
    for (const dir of before) mkdirSync(dir, { recursive: true, mode: 0o755 });
    // The users' own config folders are theirs and stay.
    expect(existsSync(join(root, 'home/.config/mailglance'))).toBe(true);
  });
});
