/**
 * `install` / `uninstall`: copy the bridge and a launcher to a stable folder (browsers start native
 * hosts with a minimal PATH, and an npx cache can vanish), then register the host manifest with
 * each browser. The launcher holds the absolute path of what runs (node and the bundle, or the
 * standalone executable) and, if given, the config folder.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { NATIVE_HOST_NAME } from '../../protocol/version';
import { BRIDGE_VERSION } from '../version';
import { hostManifest, manifestPointsAt } from './host-manifest';
import { writeInstalled } from './installed-version';
import { BROWSERS, manifestPath, WINDOWS_REGISTRY_KEYS, type Browser } from './host-locations';

export interface InstallOptions {
  browsers: Browser[];
  installDir: string;
  /** The running bundle (or, with `standalone`, the running executable), copied into installDir. */
  bundlePath: string;
  /** The bridge runs as a single executable (no node): copy that, and the launcher starts it directly. */
  standalone?: boolean;
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

/**
 * Memory settings for the host, a long-lived process with a small heap (bench/at-rest.ts measured
 * them: about 96 → 75 MiB at rest with 10 accounts): at most 2 glibc malloc arenas and freed
 * memory handed back above 128 KiB (mallopt(3); other C libraries ignore these), V8's young
 * generation capped at 1 MiB per semi-space, and `gc` exposed for one collection after each busy
 * spell (src/bridge/idle-collect.ts). Kept ahead of the user's own NODE_OPTIONS.
 */
const POSIX_MEMORY_ENV =
  'MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=131072 MALLOC_MMAP_THRESHOLD_=131072 NODE_OPTIONS="--max-semi-space-size=1 --expose-gc ${NODE_OPTIONS:-}"';

/**
 * The script a manifest points at: the program to run (node and the bundle, or the standalone
 * executable alone) and the config folder, baked in as absolute paths.
 */
export function launcherScript(program: string[], configDir: string | undefined, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    const config = configDir ? ` --config-dir "${configDir}"` : '';
    return `@echo off\r\n${program.map((p) => `"${p}"`).join(' ')} host${config} %*\r\n`;
  }
  const config = configDir ? ` --config-dir ${shellQuote(configDir)}` : '';
  return `#!/bin/sh\n# Written by mailglance-bridge install; the browser starts this as its native host.\n${POSIX_MEMORY_ENV} exec ${program.map(shellQuote).join(' ')} host${config} "$@"\n`;
}

/**
 * Puts `write(temp)`'s result at `dest` by renaming: a bridge the browser is running keeps its
 * open (and, for the executable and the keyring addon, mapped) files intact, where writing over
 * them in place fails (ETXTBSY) or crashes it.
 */
function replaceAtomically(dest: string, write: (temp: string) => void): void {
  const temp = `${dest}.new-${process.pid}`;
  const old = `${dest}.old-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  write(temp);
  if (existsSync(dest)) renameSync(dest, old);
  renameSync(temp, dest);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Copies @napi-rs/keyring (a native addon neither esbuild nor a single executable can carry)
 * into `dir`/node_modules when the running bridge has it beside it.
 */
function copyKeyringModule(bundlePath: string, dir: string): void {
  let scope: string;
  try {
    scope = dirname(dirname(createRequire(bundlePath).resolve('@napi-rs/keyring/package.json')));
  } catch {
    return; // Not installed: the bridge falls back to the 0600 secrets file and `doctor` says so.
  }
  const dest = join(dir, 'node_modules', '@napi-rs');
  if (resolve(scope) === resolve(dest)) return;
  mkdirSync(dirname(dest), { recursive: true });
  replaceAtomically(dest, (temp) => cpSync(scope, temp, { recursive: true }));
}

/** Where a standalone executable is installed: its own folder, with the keyring addon beside it. */
export function standalonePath(installDir: string, platform: NodeJS.Platform = process.platform): string {
  return join(installDir, 'bin', platform === 'win32' ? 'mailglance-bridge.exe' : 'mailglance-bridge');
}

/** Copies what runs into `installDir` and returns the launcher's program; drops the other form's files. */
function installProgram(opts: InstallOptions, installDir: string, platform: NodeJS.Platform): string[] {
  const source = resolve(opts.bundlePath);
  if (opts.standalone) {
    const exe = standalonePath(installDir, platform);
    mkdirSync(dirname(exe), { recursive: true, mode: 0o755 });
    if (source !== exe) replaceAtomically(exe, (temp) => copyFileSync(source, temp));
    if (platform !== 'win32') chmodSync(exe, 0o755);
    copyKeyringModule(source, dirname(exe));
    for (const stale of [BUNDLE_NAME, 'node_modules'])
      rmSync(join(installDir, stale), { recursive: true, force: true });
    return [exe];
  }
  const bundle = join(installDir, BUNDLE_NAME);
  if (source !== bundle) replaceAtomically(bundle, (temp) => copyFileSync(source, temp));
  copyKeyringModule(source, installDir);
  rmSync(join(installDir, 'bin'), { recursive: true, force: true });
  return [opts.nodePath ?? process.execPath, bundle];
}

/** Where `install` puts the launcher the manifests point at. */
export function launcherPath(installDir: string, platform: NodeJS.Platform = process.platform): string {
  return join(installDir, platform === 'win32' ? 'mailglance-bridge.bat' : 'mailglance-bridge');
}

/**
 * Every manifest `install` wrote for this install folder, so `uninstall` of one browser can tell
 * whether another (say a Chromium `--user-data-dir` we cannot guess) still needs the launcher.
 */
const RECORD_NAME = 'registrations.json';

function readRecord(installDir: string): string[] {
  try {
    const list: unknown = JSON.parse(readFileSync(join(installDir, RECORD_NAME), 'utf8'));
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

function writeRecord(installDir: string, paths: string[]): void {
  writeFileSync(join(installDir, RECORD_NAME), JSON.stringify([...new Set(paths)], null, 2) + '\n');
}

/** Copies the bundle and launcher into `installDir` and registers the host with each browser. */
export function install(opts: InstallOptions): InstallResult {
  const platform = opts.platform ?? process.platform;
  // Browsers need an absolute `path` in the manifest, and the launcher runs from anywhere.
  const installDir = resolve(opts.installDir);
  mkdirSync(installDir, { recursive: true, mode: 0o755 });
  const program = installProgram(opts, installDir, platform);
  const launcher = launcherPath(installDir, platform);
  const configDir = opts.configDir === undefined ? undefined : resolve(opts.configDir);
  writeFileSync(launcher, launcherScript(program, configDir, platform));
  writeInstalled(installDir, { version: BRIDGE_VERSION, kind: opts.standalone ? 'standalone' : 'npm' });
  if (platform !== 'win32') chmodSync(launcher, 0o755);

  const manifests = opts.browsers.map((browser) => {
    const path = manifestPath(browser, { ...opts, installDir, platform });
    mkdirSync(dirname(path), { recursive: true });
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
  writeRecord(installDir, [...readRecord(installDir), ...manifests.map((m) => m.path)]);
  return { launcher, manifests };
}

export type UninstallOptions = Omit<InstallOptions, 'bundlePath' | 'nodePath' | 'configDir' | 'standalone'>;

/**
 * Removes the named browsers' manifests (and Windows registry keys). The bundle and launcher go
 * only when no manifest of ours still points at them, or when every browser was named: then
 * every manifest of ours that points at them goes too, so none is left dangling.
 * Returns what was removed.
 */
export function uninstall(opts: UninstallOptions): string[] {
  const platform = opts.platform ?? process.platform;
  const installDir = resolve(opts.installDir);
  const launcher = launcherPath(installDir, platform);
  const removed: string[] = [];
  const remove = (path: string) => {
    if (!existsSync(path)) return;
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  };
  for (const browser of opts.browsers) {
    remove(manifestPath(browser, { ...opts, installDir, platform }));
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

  // The record, plus the default locations for installs made before the record existed.
  const candidates = new Set(readRecord(installDir));
  for (const browser of BROWSERS) {
    for (const userDataDir of [opts.userDataDir, undefined]) {
      candidates.add(manifestPath(browser, { ...opts, userDataDir, installDir, platform }));
    }
  }
  const stillOurs = [...candidates].filter((path) => manifestPointsAt(path, launcher));
  const everything = BROWSERS.every((b) => opts.browsers.includes(b));
  if (!everything && stillOurs.length > 0) {
    if (existsSync(installDir)) writeRecord(installDir, stillOurs);
    return removed;
  }
  for (const path of stillOurs) remove(path);
  remove(installDir);
  return removed;
}
