/**
 * The npm package users get with `npx mailglance-bridge install` (README): scripts/pack-bridge.mjs
 * packs dist/npm/mailglance-bridge-<version>.tgz; installing that tarball into an empty prefix must
 * give a working `mailglance-bridge` command with its external native module beside it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID } from '../../src/protocol/extension-ids';
import { BRIDGE_BUNDLE, ROOT, requireBuilt } from '../support/built';

const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
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
      dependencies: { '@napi-rs/keyring': rootPkg.dependencies['@napi-rs/keyring'] },
    });
    expect(pkg.private).toBeUndefined();
    const listing = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(listing.sort()).toEqual(['package/README.md', 'package/mailglance-bridge.cjs', 'package/package.json']);
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
    expect(existsSync(join(installDir, 'node_modules/@napi-rs/keyring/package.json'))).toBe(true);
  });
});
