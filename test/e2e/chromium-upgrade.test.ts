/**
 * Upgrading the bridge keeps everything: a user who installed the packed npm package (node and
 * the bundle) adds a POP3 account and reads their mail; then the standalone executable is
 * installed over it into the same folder. After a browser restart the same account logs in with
 * the stored secret, the mail read before the upgrade stays read (POP3 read state is the
 * bridge's), and only the message delivered meanwhile counts on the badge.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { buildMessage } from '../harness/mail-factory';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { CHROME_BUILD, ROOT, STANDALONE_BRIDGE, requireBuilt } from '../support/built';
import { launchChromium } from '../support/chromium';
import { badgeText, waitForBadge, worker } from '../support/mail-browser';
import { CHROMIUM, requireProgram } from '../support/require-tool';

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium') && requireDovecot();
const USER = 'upgrade@example.org';
const PASSWORD = 'upgrade-pw-1';

describe.runIf(run)('upgrading the bridge', () => {
  let root: string;
  let dovecot: Dovecot;
  let context: BrowserContext | undefined;
  const dirs = () => ({
    profile: join(root, 'profile'),
    config: join(root, 'config'),
    install: join(root, 'install'),
    home: join(root, 'home'),
  });
  const env = () => ({ ...process.env, HOME: dirs().home, MAILGLANCE_SECRET_STORE: 'file' });
  const installArgs = () => [
    'install',
    '--browser',
    'chromium',
    '--user-data-dir',
    dirs().profile,
    '--install-dir',
    dirs().install,
    '--config-dir',
    dirs().config,
  ];
  /** Waits for the badge; on a timeout the error carries the bridge's log, to tell why. */
  async function badge(text: string): Promise<void> {
    try {
      await waitForBadge(context!, (t) => t === text, 60_000);
    } catch (error) {
      let log = '';
      try {
        log = readFileSync(join(dirs().config, 'logs/bridge.log'), 'utf8').split('\n').slice(-40).join('\n');
      } catch {
        log = '(no bridge log)';
      }
      throw new Error(`${(error as Error).message}\nbridge log:\n${log}`);
    }
  }
  function ok(result: ReturnType<typeof spawnSync>): string {
    expect(result.status, String(result.stderr)).toBe(0);
    return String(result.stdout);
  }

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, STANDALONE_BRIDGE, join(ROOT, 'dist/bridge/mailglance-bridge.cjs'));
    root = mkdtempSync(join(tmpdir(), 'mg-upgrade-'));
    dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    ok(spawnSync(process.execPath, [join(ROOT, 'scripts/pack-bridge.mjs')], { cwd: ROOT, encoding: 'utf8' }));
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await dovecot?.destroy();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('keeps the account, its secret and the read state across an install of the newer bridge', async () => {
    for (let i = 0; i < 3; i++) await dovecot.deliver(USER, buildMessage({ subject: `before ${i}` }));

    // The older install: the packed npm package, as `npx mailglance-bridge@<version>` gets it.
    const prefix = join(root, 'prefix');
    const tarball = join(ROOT, 'dist/npm', `mailglance-bridge-${version}.tgz`);
    const flags = ['install', '--no-audit', '--no-fund', '--prefix', prefix, tarball];
    let npm = spawnSync('npm', [...flags, '--offline'], { encoding: 'utf8', timeout: 20_000 });
    if (npm.status !== 0) npm = spawnSync('npm', [...flags, '--prefer-offline'], { encoding: 'utf8', timeout: 60_000 });
    ok(npm);
    const npmBridge = join(prefix, 'node_modules/.bin/mailglance-bridge');
    ok(spawnSync(npmBridge, installArgs(), { encoding: 'utf8', env: env() }));
    const accountId = ok(
      spawnSync(
        npmBridge,
        [
          'account',
          'add',
          '--type',
          'pop3',
          '--host',
          dovecot.host,
          '--port',
          String(dovecot.ports.pop3),
          '--security',
          'none',
          '--user',
          USER,
          '--password-stdin',
          '--poll-interval',
          '30',
          '--config-dir',
          dirs().config,
        ],
        { input: PASSWORD, encoding: 'utf8', env: env() },
      ),
    ).trim();
    expect(readFileSync(join(dirs().install, 'mailglance-bridge'), 'utf8')).toContain('mailglance-bridge.cjs');

    context = await launchChromium(CHROMIUM!, dirs().profile, CHROME_BUILD, env() as Record<string, string>);
    await badge('3');
    // Read everything: for POP3 the bridge keeps that state (pop3-read.json in the config folder).
    // A page of ours sends the runtime message, as the popup's "Mark all read" does.
    const w = await worker(context);
    const page = await context.newPage();
    await page.goto(`chrome-extension://${new URL(w.url()).host}/popup.html`);
    const send = (type: string) =>
      page.evaluate(
        (t) =>
          (
            globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
          ).chrome.runtime.sendMessage({ mailglance: 1, type: t, payload: {} }),
        type,
      ) as Promise<{ result?: { pendingActions?: number } }>;
    await send('markAllRead');
    await badge('');
    // The badge clears as soon as the action is queued. Wait until the old bridge has applied it:
    // what the test checks after the upgrade is the read state that bridge stored, not a replay.
    await expect.poll(async () => (await send('getStatus')).result?.pendingActions, { timeout: 30_000 }).toBe(0);
    await context.close();
    context = undefined;

    // A message arrives while the browser is closed, then the newer bridge is installed over the old one.
    await dovecot.deliver(USER, buildMessage({ subject: 'after the upgrade' }));
    ok(
      spawnSync(STANDALONE_BRIDGE, installArgs(), {
        encoding: 'utf8',
        env: { HOME: dirs().home, PATH: '/usr/bin:/bin' },
      }),
    );
    const launcher = readFileSync(join(dirs().install, 'mailglance-bridge'), 'utf8');
    expect(launcher).toContain(join(dirs().install, 'bin/mailglance-bridge'));
    expect(launcher).not.toContain('mailglance-bridge.cjs');
    const doctor = JSON.parse(
      ok(
        spawnSync(
          STANDALONE_BRIDGE,
          [
            'doctor',
            '--json',
            '--user-data-dir',
            dirs().profile,
            '--install-dir',
            dirs().install,
            '--config-dir',
            dirs().config,
          ],
          { encoding: 'utf8', env: env() },
        ),
      ),
    );
    expect(doctor.installed).toEqual([
      { version, kind: 'standalone', launcher: join(dirs().install, 'mailglance-bridge') },
    ]);
    // The extension said hello to the old bridge: doctor knows the version it expects.
    expect(doctor.extension).toMatchObject({ version, browser: 'chrome' });

    context = await launchChromium(CHROMIUM!, dirs().profile, CHROME_BUILD, env() as Record<string, string>);
    // Only the new message counts: the account logged in with its stored password, and the three
    // read before the upgrade stayed read.
    await badge('1');
    expect(await badgeText(context)).toBe('1');
    const accounts = JSON.parse(
      ok(
        spawnSync(STANDALONE_BRIDGE, ['account', 'list', '--json', '--config-dir', dirs().config], {
          encoding: 'utf8',
          env: env(),
        }),
      ),
    );
    expect(accounts.map((a: { id: string }) => a.id)).toEqual([accountId]);
  }, 300_000);
});
