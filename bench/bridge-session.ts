/**
 * A bridge process in host mode with its own empty config folder, its accounts added through the
 * CLI, spoken to with native-messaging frames (test/support/bridge-process.ts). It starts through
 * the launcher `install` writes (src/bridge/install/install.ts), so it runs with the same
 * environment and flags as under a browser.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launcherScript } from '../src/bridge/install/install';
import { BridgeProcess } from '../test/support/bridge-process';
import { BRIDGE_BUNDLE } from '../test/support/built';
import type { CliTarget } from './common';

/** One event frame from the bridge. */
export interface EventFrame {
  kind: 'event';
  type: string;
  data: {
    accountId: string;
    mailbox: { path: string; total: number; unseen: number };
    messages?: unknown[];
    added?: unknown[];
    removed?: string[];
    flags?: unknown[];
  };
}

/** A throwaway config folder and HOME for one bridge process. */
export interface BridgeSession extends CliTarget {
  /** The launcher script, for callers that spawn it themselves. */
  launcher: string;
  /** Starts the host (call after adding accounts); hello is left to the caller to time it. */
  spawn(extraEnv?: Record<string, string>): BridgeProcess;
  cleanup(): Promise<void>;
}

/** Makes the folders; `cleanup()` stops the process and deletes them. */
export function bridgeSession(): BridgeSession {
  const root = mkdtempSync(join(tmpdir(), 'mg-bench-bridge-'));
  let proc: BridgeProcess | undefined;
  const target = { configDir: join(root, 'config'), home: join(root, 'home') };
  const launcher = join(root, 'mailglance-bridge');
  writeFileSync(launcher, launcherScript([process.execPath, BRIDGE_BUNDLE], target.configDir, process.platform));
  chmodSync(launcher, 0o755);
  return {
    ...target,
    launcher,
    spawn: (extraEnv = {}) =>
      (proc = new BridgeProcess(target.configDir, { HOME: target.home, ...extraEnv }, launcher)),
    cleanup: async () => {
      await proc?.stop().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Predicate for a mailbox event of `type` on `path`, optionally only from frame index `from` on. */
export function isMailboxEvent(type: 'mailbox.snapshot' | 'mailbox.delta', path: string) {
  return (f: Record<string, unknown>): boolean => {
    const e = f as unknown as EventFrame;
    return e.kind === 'event' && e.type === type && e.data?.mailbox?.path === path;
  };
}
