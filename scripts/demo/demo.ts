/**
 * `npm run demo`: the product in one command. Starts a private Dovecot seeded with a realistic
 * mailbox, installs the bridge as native host for a private Chromium profile with a demo account,
 * opens Chromium with the extension, and delivers a new message every 20 s.
 *
 *   npm run demo                                   # a real browser window (needs a display)
 *   npm run demo -- --headless --screenshot FILE   # no display: wait for the badge, save the popup
 *
 * Ctrl-C stops everything and removes the temp folder.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDovecot, type Dovecot } from '../../test/harness/dovecot';
import { launchChromium, openPopup, readBadge } from '../../test/support/chromium';
import { BRIDGE_BUNDLE, CHROME_BUILD } from '../../test/support/built';
import { CHROMIUM } from '../../test/support/require-tool';
import { freshMessage, inboxMail, workMail } from './demo-mail';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean' },
    screenshot: { type: 'string' },
    'deliver-every': { type: 'string', default: '20' },
    'no-build': { type: 'boolean' },
  },
});

const USER = 'demo';
const PASSWORD = 'demo-password';
const root = mkdtempSync(join(tmpdir(), 'mailglance-demo-'));
const cleanups: (() => Promise<void> | void)[] = [];
const removeRoot = () => {
  try {
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Chromium still writing into its profile; the loop in shutdown() tries again.
  }
};
let stopping = false;

async function shutdown(code: number): Promise<void> {
  // npm passes Ctrl-C on as a second signal: the first shutdown finishes the job.
  if (stopping) return;
  {
    stopping = true;
    // The browser and its profile go first and synchronously: a second Ctrl-C (or npm/tsx
    // ending the process) must not leave the temp folder behind.
    const pending = cleanups.reverse().map((fn) =>
      Promise.resolve()
        .then(fn)
        .catch(() => {}),
    );
    removeRoot();
    await Promise.all(pending);
    // Chromium's helper processes can outlive the main one by a moment and recreate the profile.
    for (let i = 0; i < 10 && existsSync(root); i++) {
      removeRoot();
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

function step(text: string) {
  process.stdout.write(`• ${text}\n`);
}

function bridge(args: string[], input?: string): string {
  return execFileSync(process.execPath, [BRIDGE_BUNDLE, ...args], { input, encoding: 'utf8' });
}

async function main() {
  // Without a display Chromium exits at once and the demo would seem to do nothing.
  if (!values.headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    process.stderr.write(
      'demo: no display (DISPLAY and WAYLAND_DISPLAY are unset). Run it on a desktop, or without one:\n' +
        '  npm run demo -- --headless --screenshot popup.png\n',
    );
    return shutdown(2);
  }
  if (!values['no-build']) {
    step('building the extension and the bridge');
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', cwd: resolve(import.meta.dirname, '../..') });
  }
  if (!CHROMIUM) throw new Error('Chromium is missing: apt-get install chromium');

  step('starting a private Dovecot on loopback');
  const dovecot: Dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
  cleanups.push(() => dovecot.destroy());
  dovecot.seed(USER, 'INBOX', inboxMail());
  dovecot.seed(USER, 'Work', workMail());

  step('installing the bridge as native host for a private Chromium profile');
  const configDir = join(root, 'config');
  const profile = join(root, 'profile');
  bridge([
    'install',
    '--browser',
    'chromium',
    '--user-data-dir',
    profile,
    '--config-dir',
    configDir,
    '--install-dir',
    join(root, 'bridge'),
  ]);
  bridge(
    [
      'account',
      'add',
      '--type',
      'imap',
      '--host',
      dovecot.host,
      '--port',
      String(dovecot.ports.imaps),
      '--security',
      'tls',
      '--accept-cert',
      dovecot.certFingerprint,
      '--user',
      USER,
      '--password-stdin',
      '--label',
      'Demo mailbox',
      '--watch',
      'INBOX',
      '--watch',
      'Work',
      '--config-dir',
      configDir,
    ],
    PASSWORD,
  );

  const every = Number(values['deliver-every']) * 1000;
  if (values.headless) {
    step('opening headless Chromium with the extension');
    const context = await launchChromium(CHROMIUM, profile, CHROME_BUILD);
    cleanups.push(() => context.close());
    let badge = { text: '', title: '' };
    for (let i = 0; i < 100 && !/^\d+$/.test(badge.text); i++) {
      await new Promise((r) => setTimeout(r, 300));
      badge = await readBadge(context);
    }
    step(`badge: "${badge.text}" — ${badge.title.replace(/\n/g, '; ')}`);
    await dovecot.deliver(USER, freshMessage());
    await new Promise((r) => setTimeout(r, 1500));
    step(`after one delivery the badge shows "${(await readBadge(context)).text}"`);
    if (values.screenshot) {
      const popup = await openPopup(context);
      await popup.setViewportSize({ width: 420, height: 600 });
      await popup.waitForSelector('[role="listitem"], [role="option"], [data-state="connected"]', { timeout: 15_000 });
      await new Promise((r) => setTimeout(r, 500));
      await popup.screenshot({ path: values.screenshot });
      step(`saved the popup to ${values.screenshot}`);
    }
    await shutdown(/^\d+$/.test(badge.text) ? 0 : 1);
  }

  step('opening Chromium with the extension (close it or press Ctrl-C to stop)');
  const browser: ChildProcess = spawn(
    CHROMIUM,
    [
      `--user-data-dir=${profile}`,
      `--load-extension=${CHROME_BUILD}`,
      `--disable-extensions-except=${CHROME_BUILD}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      'chrome://newtab',
    ],
    { stdio: 'ignore' },
  );
  const browserExited = new Promise<void>((resolve) => browser.once('exit', () => resolve()));
  cleanups.push(async () => {
    browser.kill();
    // Chromium writes its profile while it exits; remove the folder only after that.
    await Promise.race([browserExited, new Promise((r) => setTimeout(r, 5000))]);
  });
  const openedAt = Date.now();
  browser.on('exit', (code) => {
    // Closing the window ends the demo; a browser that died right away is a failure to report.
    const early = Date.now() - openedAt < 5000;
    if (early) process.stderr.write(`demo: Chromium exited at once (code ${code}); is the display reachable?\n`);
    void shutdown(early && code !== 0 ? 1 : 0);
  });
  step(`delivering a new message every ${every / 1000} s — watch the badge`);
  setInterval(() => {
    void dovecot.deliver(USER, freshMessage()).then(() => step('delivered a new message'));
  }, every);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).stack ?? error}\n`);
  await shutdown(1);
});
