/**
 * `install` / `uninstall`: copy the bundle and a launcher to a stable folder (browsers start native
 * hosts with a minimal PATH, and an npx cache can vanish), then register the host manifest with
 * each browser. The launcher holds node's absolute path and, if given, the config folder.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NATIVE_HOST_NAME } from '../../protocol/version';
import { hostManifest } from './host-manifest';
import { manifestDir, WINDOWS_REGISTRY_KEYS, type Browser } from './host-locations';

export interface InstallOptions {
  browsers: Browser[];
  installDir: string;
  /** The running bundle, copied into installDir. */
  bundlePath: string;
  nodePath?: string;
  configDir?: string;
  userDataDir?: string;
  platform?: NodeJS.Platform;
  home?: string;
}

export interface InstallResult {
  launcher: string;
  manifests: { browser: Browser; path: string }[];
}

const BUNDLE_NAME = 'mailglance-bridge.cjs';

/** POSIX shell single-quoting: safe for any path. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function launcherScript(
  nodePath: string,
  bundlePath: string,
  configDir: string | undefined,
  platform: NodeJS.Platform,
): string {
  if (platform === 'win32') {
    const config = configDir ? ` --config-dir "${configDir}"` : '';
    return `@echo off\r\n"${nodePath}" "${bundlePath}" host${config} %*\r\n`;
  }
  const config = configDir ? ` --config-dir ${shellQuote(configDir)}` : '';
  return `#!/bin/sh\n# Written by mailglance-bridge install; the browser starts this as its native host.\nexec ${shellQuote(nodePath)} ${shellQuote(bundlePath)} host${config} "$@"\n`;
}

/** Copies @napi-rs/keyring (a native addon esbuild cannot bundle) next to the bundle when present. */
function copyKeyringModule(bundlePath: string, installDir: string): void {
  try {
    const req = createRequire(bundlePath);
    const pkg = dirname(req.resolve('@napi-rs/keyring/package.json'));
    cpSync(dirname(pkg), join(installDir, 'node_modules', '@napi-rs'), { recursive: true });
  } catch {
    // Not installed: the bridge falls back to the 0600 secrets file and `doctor` says so.
  }
}

export function install(opts: InstallOptions): InstallResult {
  const platform = opts.platform ?? process.platform;
  mkdirSync(opts.installDir, { recursive: true, mode: 0o755 });
  const bundle = join(opts.installDir, BUNDLE_NAME);
  if (opts.bundlePath !== bundle) copyFileSync(opts.bundlePath, bundle);
  copyKeyringModule(opts.bundlePath, opts.installDir);
  const launcher = join(opts.installDir, platform === 'win32' ? 'mailglance-bridge.bat' : 'mailglance-bridge');
  writeFileSync(launcher, launcherScript(opts.nodePath ?? process.execPath, bundle, opts.configDir, platform));
  if (platform !== 'win32') chmodSync(launcher, 0o755);

  const manifests = opts.browsers.map((browser) => {
    const dir = manifestDir(browser, { ...opts, platform });
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${NATIVE_HOST_NAME}.json`);
    writeFileSync(path, JSON.stringify(hostManifest(browser, launcher), null, 2) + '\n');
    if (platform === 'win32' && !opts.userDataDir) {
      execFileSync('reg', [
        'add',
        `${WINDOWS_REGISTRY_KEYS[browser]}\\${NATIVE_HOST_NAME}`,
        '/ve',
        '/t',
        'REG_SZ',
        '/d',
        path,
        '/f',
      ]);
    }
    return { browser, path };
  });
  return { launcher, manifests };
}

export function uninstall(opts: Omit<InstallOptions, 'bundlePath' | 'nodePath' | 'configDir'>): string[] {
  const platform = opts.platform ?? process.platform;
  const removed: string[] = [];
  for (const browser of opts.browsers) {
    const path = join(manifestDir(browser, { ...opts, platform }), `${NATIVE_HOST_NAME}.json`);
    if (existsSync(path)) {
      rmSync(path);
      removed.push(path);
    }
    if (platform === 'win32' && !opts.userDataDir) {
      try {
        execFileSync('reg', ['delete', `${WINDOWS_REGISTRY_KEYS[browser]}\\${NATIVE_HOST_NAME}`, '/f'], {
          stdio: 'ignore',
        });
      } catch {
        // Key was not there.
      }
    }
  }
  if (existsSync(opts.installDir)) {
    rmSync(opts.installDir, { recursive: true, force: true });
    removed.push(opts.installDir);
  }
  return removed;
}
