import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NATIVE_HOST_NAME } from '../../protocol/version';
import { checkBrowser, doctorNotes, doctorReport, formatNotes } from './doctor';
import { recordExtension } from './extension-seen';
import { hostManifest } from './host-manifest';
import { install } from './install';

let root: string;
const opts = () => ({
  installDir: join(root, 'inst'),
  home: join(root, 'home'),
  platform: 'linux' as const,
  systemRoot: join(root, 'sys'),
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mg-doctor-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A system-wide manifest as the Debian package writes it, pointing at an executable launcher. */
function systemManifest(dir: string, browser: 'chromium' | 'firefox', launcher: string) {
  mkdirSync(join(root, 'sys', dir), { recursive: true });
  writeFileSync(join(root, 'sys', dir, `${NATIVE_HOST_NAME}.json`), JSON.stringify(hostManifest(browser, launcher)));
}

describe('doctor', () => {
  it('falls back to the system-wide manifest when the user has none of their own', () => {
    const lib = join(root, 'usr-lib');
    mkdirSync(lib);
    const exe = join(lib, 'mailglance-bridge');
    writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(lib, 'installed.json'), JSON.stringify({ version: '0.0.9', kind: 'deb' }));
    systemManifest('etc/chromium/native-messaging-hosts', 'chromium', exe);
    systemManifest('usr/lib/mozilla/native-messaging-hosts', 'firefox', exe);
    expect(checkBrowser('chromium', opts())).toMatchObject({
      status: 'registered',
      path: join(root, 'sys/etc/chromium/native-messaging-hosts', `${NATIVE_HOST_NAME}.json`),
    });
    expect(checkBrowser('firefox', opts()).status).toBe('registered');
    expect(checkBrowser('chrome', opts()).status).toBe('not-registered');

    // The installed version against the one the extension that last connected expects.
    const stateDir = join(root, 'cfg', 'state');
    recordExtension(stateDir, { version: '0.1.0', browser: 'firefox', at: '2026-12-02T09:00:00.000Z' });
    const report = doctorReport({ ...opts(), configDir: join(root, 'cfg'), secretStore: 'file' });
    const notes = doctorNotes(report, { stateDir, home: join(root, 'home'), systemRoot: join(root, 'sys') });
    expect(notes.installed).toEqual([{ version: '0.0.9', kind: 'deb', launcher: exe }]);
    const lines = formatNotes(report, notes, (v) => `npx mailglance-bridge@${v} install`).join('\n');
    expect(lines).toContain('installed       0.0.9 (deb)');
    expect(lines).toContain('expected        0.1.0 (the extension in firefox');
    expect(lines).toContain('update it: npx mailglance-bridge@0.1.0 install');
  });

  it('a user install records its version beside the launcher; equal versions give no warning', () => {
    const bundlePath = join(root, 'bundle.cjs');
    writeFileSync(bundlePath, '// bundle\n');
    install({ ...opts(), bundlePath, browsers: ['chromium'] });
    const stateDir = join(root, 'cfg', 'state');
    const report = doctorReport({ ...opts(), configDir: join(root, 'cfg'), secretStore: 'file' });
    // Outside a build the bridge calls itself 0.0.0-dev; the extension said the same.
    recordExtension(stateDir, { version: report.bridgeVersion, at: '2026-12-02T09:00:00.000Z' });
    const notes = doctorNotes(report, { stateDir, home: join(root, 'home') });
    expect(notes.installed).toMatchObject([{ version: report.bridgeVersion, kind: 'npm' }]);
    expect(formatNotes(report, notes, (v) => v).join('\n')).not.toContain('warning');
  });

  it('names Snap and Flatpak browsers: they cannot start native hosts', () => {
    mkdirSync(join(root, 'sys/snap/firefox'), { recursive: true });
    mkdirSync(join(root, 'home/.local/share/flatpak/app/com.google.Chrome'), { recursive: true });
    const report = doctorReport({ ...opts(), configDir: join(root, 'cfg'), secretStore: 'file' });
    const notes = doctorNotes(report, {
      stateDir: join(root, 'state'),
      home: join(root, 'home'),
      systemRoot: join(root, 'sys'),
    });
    expect(notes.sandboxed.map((b) => `${b.name}/${b.kind}`)).toEqual(['Firefox/snap', 'Google Chrome/flatpak']);
    const lines = formatNotes(report, notes, (v) => v);
    expect(lines.filter((l) => /cannot start native hosts/.test(l))).toHaveLength(2);
  });
});
