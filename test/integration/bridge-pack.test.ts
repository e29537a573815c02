/**
 * The npm package developers get with `npx mailglance-bridge@<version> install` (README):
 * scripts/pack-bridge.mjs packs dist/npm/mailglance-bridge-<version>.tgz with exact dependency
 * versions, npm-shrinkwrap.json and LICENSE; installing that tarball into an empty prefix must give
 * a working `mailglance-bridge` command with its external native module, at the locked version.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID } from '../../src/protocol/extension-ids';
import { BRIDGE_BUNDLE, ROOT, requireBuilt } from '../support/built';

const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const KEYRING = 'node_modules/@napi-rs/keyring';
const keyringLocked = rootLock.packages[KEYRING];
const tarball = join(ROOT, 'dist/npm', `mailglance-bridge-${rootPkg.version}.tgz`);
let tmp: string;
let packed: ReturnType<typeof spawnSync>;

beforeAll(() => {
  requireBuilt(BRIDGE_BUNDLE);
  tmp = mkdtempSync(join(tmpdir(), 'mg-pack-'));
  packed = spawnSync(process.execPath, [join(ROOT, 'scripts/pack-bridge.mjs')], { cwd: ROOT, encoding: 'utf8' });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** npm with a bounded run time, so the test stays inside its 60 s. */
function npm(args: string[], timeout: number) {
  return spawnSync('npm', args, { cwd: tmp, encoding: 'utf8', timeout });
}

describe('the mailglance-bridge npm package', () => {
  it('packs a tarball named for the root version, with its own package.json', () => {
    expect(packed.status, String(packed.stderr)).toBe(0);
    expect(existsSync(tarball)).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'dist/npm/package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'mailglance-bridge',
      version: rootPkg.version,
      license: rootPkg.license,
      bin: { 'mailglance-bridge': 'mailglance-bridge.cjs' },
      engines: { node: '>=20.19' },
      // The exact version the lock holds, not package.json's range.
      dependencies: { '@napi-rs/keyring': keyringLocked.version },
    });
    expect(pkg.private).toBeUndefined();
    const listing = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(listing.sort()).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/mailglance-bridge.cjs',
      'package/npm-shrinkwrap.json',
      'package/package.json',
    ]);
    const shrinkwrap = JSON.parse(readFileSync(join(ROOT, 'dist/npm/npm-shrinkwrap.json'), 'utf8'));
    expect(shrinkwrap.packages[''].dependencies).toEqual(pkg.dependencies);
    // Every package the keyring can pull in, with the lock's version and integrity hash.
    const optional = Object.keys(keyringLocked.optionalDependencies ?? {});
    expect(optional.length).toBeGreaterThan(0);
    for (const name of ['@napi-rs/keyring', ...optional]) {
      const key = `node_modules/${name}`;
      expect(shrinkwrap.packages[key], key).toMatchObject({
        version: rootLock.packages[key].version,
        integrity: rootLock.packages[key].integrity,
      });
    }
    const readme = readFileSync(join(ROOT, 'dist/npm/README.md'), 'utf8');
    expect(readme).toContain(`npx mailglance-bridge@${rootPkg.version} install`);
    expect(readme).not.toMatch(/npx mailglance-bridge(?!@)/);
  });

  it('installs from the tarball into an empty prefix and runs: --version, install for Chromium', () => {
    const prefix = join(tmp, 'prefix');
    const flags = ['install', '--no-audit', '--no-fund', '--prefix', prefix, tarball];
    // From npm's cache when it has @napi-rs/keyring; else from the registry (reachable here).
    let installed = npm([...flags, '--offline'], 10_000);
    if (installed.status !== 0) installed = npm([...flags, '--prefer-offline'], 40_000);
    expect(installed.status, installed.stderr).toBe(0);

    const bin = join(prefix, 'node_modules/.bin/mailglance-bridge');
    const env = { ...process.env, HOME: join(tmp, 'home'), MAILGLANCE_SECRET_STORE: 'file' };
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8', env });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(rootPkg.version);

    const [profile, config, installDir] = ['profile', 'config', 'inst'].map((d) => join(tmp, d));
    const run = spawnSync(
      bin,
      [
        'install',
        '--browser',
        'chromium',
        '--user-data-dir',
        profile,
        '--config-dir',
        config,
        '--install-dir',
        installDir,
      ],
      { encoding: 'utf8', env },
    );
    expect(run.status, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(profile, 'NativeMessagingHosts/dev.mailglance.bridge.json'), 'utf8'));
    expect(manifest).toMatchObject({
      path: join(installDir, 'mailglance-bridge'),
      allowed_origins: [`chrome-extension://${CHROME_EXTENSION_ID}/`],
    });
    expect(existsSync(manifest.path)).toBe(true);
    // The external native module came with the package and was copied beside the installed bundle.
    const copied = join(installDir, 'node_modules/@napi-rs/keyring/package.json');
    expect(JSON.parse(readFileSync(copied, 'utf8')).version).toBe(keyringLocked.version);
  });
});
