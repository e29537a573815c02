/** Shared set-up for end-to-end tests that need mail: Dovecot + the real bridge + Chromium. */
import type { BrowserContext, Worker } from 'playwright-core';
import { startDovecot, type Dovecot } from '../harness/dovecot';
import { installBridge, type InstalledBridge } from './bridge-install';
import { launchChromium } from './chromium';

export interface MailBrowser {
  dovecot: Dovecot;
  bridge: InstalledBridge;
  context: BrowserContext;
  close(): Promise<void>;
}

export const USER = 'alice';
export const PASSWORD = 'alice-password';

export interface MailBrowserOptions {
  quotaMB?: number;
  /**
   * Runs after the bridge is installed and before Chromium starts: seed mail and add accounts here.
   * The bridge starts its account connections at `hello`, so an account added by the CLI after
   * the browser connected would wait for the next bridge start.
   */
  beforeLaunch?: (dovecot: Dovecot, bridge: InstalledBridge) => void;
}

export async function startMailBrowser(chromium: string, opts: MailBrowserOptions = {}): Promise<MailBrowser> {
  const dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD }], quotaMB: opts.quotaMB });
  const bridge = installBridge('chromium');
  opts.beforeLaunch?.(dovecot, bridge);
  const context = await launchChromium(chromium, bridge.userDataDir);
  return {
    dovecot,
    bridge,
    context,
    close: async () => {
      await context.close().catch(() => {});
      await dovecot.destroy();
      bridge.cleanup();
    },
  };
}

/** Adds the Dovecot account through the CLI (imaps, pinned self-signed certificate). */
export function addAccountByCli(dovecot: Dovecot, bridge: InstalledBridge, watch: string[] = ['INBOX']): string {
  const args = ['account', 'add', '--type', 'imap', '--host', dovecot.host, '--port', String(dovecot.ports.imaps)];
  args.push('--security', 'tls', '--accept-cert', dovecot.certFingerprint, '--user', USER, '--password-stdin');
  for (const folder of watch) args.push('--watch', folder);
  return bridge.cli(args, PASSWORD).trim();
}

/** The current service worker (a restarted worker replaces the old one). */
export async function worker(context: BrowserContext): Promise<Worker> {
  const live = context.serviceWorkers().at(-1);
  return live ?? context.waitForEvent('serviceworker');
}

type ChromeApi = {
  action: {
    getBadgeText(d: object): Promise<string>;
    getTitle(d: object): Promise<string>;
    setBadgeText(d: { text: string }): Promise<void>;
  };
  notifications: {
    getAll(): Promise<Record<string, boolean>>;
    clear(id: string): Promise<boolean>;
    create(...args: unknown[]): unknown;
  };
};
type Recorder = { __mgNotificationsCreated?: string[] };

export async function badgeText(context: BrowserContext): Promise<string> {
  const w = await worker(context);
  return w.evaluate(() => (globalThis as unknown as { chrome: ChromeApi }).chrome.action.getBadgeText({}));
}

export async function notificationIds(context: BrowserContext): Promise<string[]> {
  const w = await worker(context);
  return w.evaluate(async () =>
    Object.keys(await (globalThis as unknown as { chrome: ChromeApi }).chrome.notifications.getAll()),
  );
}

/**
 * Records the id of every notification the running worker creates from now on, by wrapping
 * `chrome.notifications.create` (the polyfill looks the method up at each call). A notification
 * shown again under the same id replaces the old one, so `getAll()` alone cannot see a repeat:
 * this can. The record lives in the worker and ends with it.
 */
export async function recordNotifications(context: BrowserContext): Promise<void> {
  const w = await worker(context);
  await w.evaluate(() => {
    const g = globalThis as unknown as { chrome: ChromeApi } & Recorder;
    if (g.__mgNotificationsCreated) return;
    const created: string[] = [];
    g.__mgNotificationsCreated = created;
    const original = g.chrome.notifications.create.bind(g.chrome.notifications);
    g.chrome.notifications.create = (...args: unknown[]) => {
      created.push(String(args[0]));
      return original(...args);
    };
  });
}

/** Ids of the notifications created since `recordNotifications`, in order, repeats included. */
export async function createdNotifications(context: BrowserContext): Promise<string[]> {
  const w = await worker(context);
  return w.evaluate(() => [...((globalThis as unknown as Recorder).__mgNotificationsCreated ?? [])]);
}

/** Closes every notification shown so far. */
export async function clearNotifications(context: BrowserContext): Promise<void> {
  const w = await worker(context);
  await w.evaluate(async () => {
    const n = (globalThis as unknown as { chrome: ChromeApi }).chrome.notifications;
    for (const id of Object.keys(await n.getAll())) await n.clear(id);
  });
}

/** Sets the badge text behind the engine's back (to see whether a new worker repaints it). */
export async function setBadgeText(context: BrowserContext, text: string): Promise<void> {
  const w = await worker(context);
  await w.evaluate(
    (t) => (globalThis as unknown as { chrome: ChromeApi }).chrome.action.setBadgeText({ text: t }),
    text,
  );
}

/** Polls the badge until `accept` holds; returns the time it took in ms. */
export async function waitForBadge(
  context: BrowserContext,
  accept: (text: string) => boolean,
  timeoutMs = 15_000,
): Promise<number> {
  const start = performance.now();
  let last = '';
  while (performance.now() - start < timeoutMs) {
    last = await badgeText(context).catch(() => last);
    if (accept(last)) return performance.now() - start;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`badge never matched; last "${last}"`);
}
