import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NATIVE_HOST_NAME } from '../../protocol/version';
import { checkBrowser } from './doctor';
import { install, uninstall } from './install';

let root: string;
let opts: { installDir: string; home: string; platform: NodeJS.Platform; bundlePath: string };
const manifestFor = (dir: string) => join(root, 'home', dir, `${NATIVE_HOST_NAME}.json`);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mg-install-'));
  const bundlePath = join(root, 'bundle.cjs');
  writeFileSync(bundlePath, '// bundle\n');
  opts = { installDir: join(root, 'inst'), home: join(root, 'home'), platform: 'linux', bundlePath };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('uninstall', () => {
  it('leaves a manifest that points at another launcher alone when deciding what to keep', () => {
    install({ ...opts, browsers: ['chrome', 'firefox'] });
    const firefox = manifestFor('.mozilla/native-messaging-hosts');
    const other = JSON.parse(readFileSync(firefox, 'utf8'));
    writeFileSync(firefox, JSON.stringify({ ...other, path: '/elsewhere/mailglance-bridge' }));
    expect(uninstall({ ...opts, browsers: ['chrome'] })).toContain(opts.installDir);
    expect(existsSync(firefox)).toBe(true);
  });

  it('removes nothing but manifests while another browser still uses the launcher', () => {
    install({ ...opts, browsers: ['chromium', 'brave'] });
    expect(uninstall({ ...opts, browsers: ['brave'] })).toEqual([
      manifestFor('.config/BraveSoftware/Brave-Browser/NativeMessagingHosts'),
    ]);
    expect(checkBrowser('chromium', opts).status).toBe('registered');
  });
});

describe('checkBrowser', () => {
  it('calls a manifest without allowed_origins wrong, not registered', () => {
    install({ ...opts, browsers: ['edge'] });
    const path = manifestFor('.config/microsoft-edge/NativeMessagingHosts');
    const { allowed_origins: _dropped, ...rest } = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify(rest));
    expect(checkBrowser('edge', opts)).toMatchObject({ status: 'wrong-extension-ids', registered: false });
  });
});

describe('install of a standalone executable', () => {
  it('copies the executable into bin/, the launcher runs it without node, and a bundle install replaces it', () => {
    const exe = join(root, 'mailglance-bridge');
    writeFileSync(exe, 'ELF');
    const standalone = install({ ...opts, bundlePath: exe, standalone: true, browsers: ['chromium'] });
    const installed = join(opts.installDir, 'bin', 'mailglance-bridge');
    expect(readFileSync(installed, 'utf8')).toBe('ELF');
    expect(readFileSync(standalone.launcher, 'utf8')).toContain(`exec '${installed}' host`);
    expect(existsSync(join(opts.installDir, 'mailglance-bridge.cjs'))).toBe(false);
    expect(checkBrowser('chromium', opts).status).toBe('registered');

    // Reinstalling over itself (the installed executable runs `install` again) keeps it.
    install({ ...opts, bundlePath: installed, standalone: true, browsers: ['chromium'] });
    expect(readFileSync(installed, 'utf8')).toBe('ELF');

    const bundle = install({ ...opts, nodePath: '/usr/bin/node', browsers: ['chromium'] });
    expect(readFileSync(bundle.launcher, 'utf8')).toContain(
      `exec '/usr/bin/node' '${join(opts.installDir, 'mailglance-bridge.cjs')}' host`,
    );
    expect(existsSync(join(opts.installDir, 'bin'))).toBe(false);
  });
});
