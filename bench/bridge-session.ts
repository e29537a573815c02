/**
 * A bridge process in host mode with its own empty config folder, its accounts added through the
 * CLI, spoken to with native-messaging frames (test/support/bridge-process.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeProcess } from '../test/support/bridge-process';
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
  /** Starts the host (call after adding accounts); hello is left to the caller to time it. */
  spawn(): BridgeProcess;
  cleanup(): Promise<void>;
}

/** Makes the folders; `cleanup()` stops the process and deletes them. */
export function bridgeSession(): BridgeSession {
  const root = mkdtempSync(join(tmpdir(), 'mg-bench-bridge-'));
  let proc: BridgeProcess | undefined;
  const target = { configDir: join(root, 'config'), home: join(root, 'home') };
  return {
    ...target,
    spawn: () => (proc = new BridgeProcess(target.configDir, { HOME: target.home })),
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
