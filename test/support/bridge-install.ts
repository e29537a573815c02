/**
 * Installs the real bridge as a native host into throwaway folders, as a user would: node and the
 * bundle, or the single executable with MAILGLANCE_E2E_BRIDGE=standalone (test/support/built.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_BRIDGE } from './built';

export interface InstalledBridge {
  root: string;
  configDir: string;
  installDir: string;
  /** Chromium `--user-data-dir` (host manifest in its NativeMessagingHosts/). */
  userDataDir: string;
  /** A HOME for Firefox (host manifest in $HOME/.mozilla/native-messaging-hosts/). */
  home: string;
  cli(args: string[], input?: string): string;
  cleanup(): void;
}

export function installBridge(browser: 'chromium' | 'firefox'): InstalledBridge {
  const root = mkdtempSync(join(tmpdir(), 'mg-e2e-'));
  const bridge: InstalledBridge = {
    root,
    configDir: join(root, 'config'),
    installDir: join(root, 'install'),
    userDataDir: join(root, 'profile'),
    home: join(root, 'home'),
    cli: (args, input) =>
      execFileSync(
        E2E_BRIDGE.program[0],
        [...E2E_BRIDGE.program.slice(1), ...args, '--config-dir', join(root, 'config')],
        {
          input,
          encoding: 'utf8',
          env: { ...process.env, HOME: join(root, 'home'), MAILGLANCE_SECRET_STORE: 'file' },
        },
      ),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  const args = ['install', '--browser', browser, '--install-dir', bridge.installDir];
  if (browser === 'chromium') args.push('--user-data-dir', bridge.userDataDir);
  bridge.cli(args);
  return bridge;
}

/**
 * PIDs of bridge processes started for this config folder (the launcher bakes it into argv):
 * `node …/mailglance-bridge.cjs host …` or `…/bin/mailglance-bridge host …`.
 */
export function bridgePids(configDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `mailglance-bridge(\\.cjs)? host --config-dir ${configDir}`], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
