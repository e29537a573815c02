/**
 * Counts notifications per fault. Every service worker gets a recorder of
 * `chrome.notifications.create` the moment Playwright sees it (a repeat under the same id hides
 * in `getAll()`, the record shows it). A fault starts with every notification closed; at its end,
 * each message delivered during the fault that is still unread must have been notified once
 * (else "missed"), and nothing else may have been notified (else "duplicate": a message from
 * before the fault, or one message twice).
 */
import type { BrowserContext, Worker } from 'playwright-core';
import { refToKey } from '../../../src/store/keys';
import { DB_NAME } from '../../../src/store/db';
import { keyFromNotificationId, SUMMARY_ID } from '../../../src/background/notifications';
import type { RigAccount, ServerMessage } from './rig';

type Api = {
  notifications: {
    getAll(): Promise<Record<string, boolean>>;
    clear(id: string): Promise<boolean>;
    create(...args: unknown[]): unknown;
  };
};
type Recorder = { __mgCreated?: string[] };

export interface NotificationCount {
  duplicates: number;
  missed: number;
  /** Burst summaries (a fault delivers at most 3 messages, so none is expected). */
  summaries: number;
  details: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function install(w: Worker): Promise<void> {
  await w.evaluate(() => {
    const g = globalThis as unknown as { chrome: Api } & Recorder;
    if (g.__mgCreated) return;
    const created: string[] = [];
    g.__mgCreated = created;
    const original = g.chrome.notifications.create.bind(g.chrome.notifications);
    g.chrome.notifications.create = (...args: unknown[]) => {
      created.push(String(args[0]));
      return original(...args);
    };
  });
}

export class NotificationLedger {
  /** What each worker recorded, as last read (a stopped worker keeps its last reading). */
  private readonly records = new Map<Worker, string[]>();
  private baseline = new Map<Worker, number>();
  private deliveredNow: { acc: RigAccount; messageId: string }[] = [];
  private lastEnd = 0;

  constructor(
    private readonly context: BrowserContext,
    private readonly inbox: (
      acc: RigAccount,
    ) => Promise<{ uidValidity: string; byMessageId: Map<string, ServerMessage> }>,
  ) {}

  async attach(): Promise<void> {
    this.context.on('serviceworker', (w) => {
      this.records.set(w, []);
      void install(w).catch(() => undefined);
    });
    const w = this.context.serviceWorkers()[0] ?? (await this.context.waitForEvent('serviceworker'));
    this.records.set(w, this.records.get(w) ?? []);
    await install(w);
  }

  private live(): Worker | undefined {
    return this.context.serviceWorkers().at(-1);
  }

  /** Reads every live worker's record (call before stopping a worker). */
  async collect(): Promise<void> {
    for (const w of this.context.serviceWorkers()) {
      // A recorder installed at the 'serviceworker' event can fail while the worker starts up.
      await install(w).catch(() => undefined);
      const list = await w
        .evaluate(() => [...((globalThis as unknown as Recorder).__mgCreated ?? [])])
        .catch(() => undefined);
      if (list) this.records.set(w, list);
    }
  }

  private createdSinceBaseline(): string[] {
    const out: string[] = [];
    for (const [w, list] of this.records) out.push(...list.slice(this.baseline.get(w) ?? 0));
    return out;
  }

  private async shown(): Promise<string[]> {
    const w = this.live();
    if (!w) return [];
    return w
      .evaluate(async () => Object.keys(await (globalThis as unknown as { chrome: Api }).chrome.notifications.getAll()))
      .catch(() => []);
  }

  /**
   * Starts a fault: closes every notification, and steps out of the notifier's 2 s burst window
   * (src/background/notifications.ts) so this fault's mail is shown one by one.
   */
  async begin(): Promise<void> {
    const wait = 2_200 - (Date.now() - this.lastEnd);
    if (wait > 0) await sleep(wait);
    const w = this.live();
    if (w) {
      await w.evaluate(async () => {
        const n = (globalThis as unknown as { chrome: Api }).chrome.notifications;
        for (const id of Object.keys(await n.getAll())) await n.clear(id);
      });
    }
    await this.collect();
    this.baseline = new Map([...this.records].map(([wk, list]) => [wk, list.length]));
    this.deliveredNow = [];
  }

  delivered(acc: RigAccount, messageId: string): void {
    this.deliveredNow.push({ acc, messageId });
  }

  /**
   * Ends a fault: waits (deadline) for every expected notification, gives a wrong one 1.5 s to
   * show, then counts.
   */
  async end(deadlineMs = 10_000): Promise<NotificationCount> {
    const allowed = new Set<string>();
    const expected = new Set<string>();
    const byAcc = new Map<RigAccount, string[]>();
    for (const d of this.deliveredNow) byAcc.set(d.acc, [...(byAcc.get(d.acc) ?? []), d.messageId]);
    for (const [acc, ids] of byAcc) {
      const box = await this.inbox(acc);
      for (const messageId of ids) {
        const m = box.byMessageId.get(messageId);
        if (!m) continue;
        const id = `mailglance:msg:${refToKey({ accountId: acc.id, mailbox: 'INBOX', uidValidity: box.uidValidity, uid: String(m.uid) })}`;
        allowed.add(id);
        if (!m.seen) expected.add(id);
      }
    }
    const seen = async () => {
      await this.collect();
      return new Set([...this.createdSinceBaseline(), ...(await this.shown())]);
    };
    const start = Date.now();
    while (Date.now() - start < deadlineMs && ![...expected].every((id) => (this.lastSeen ?? new Set()).has(id))) {
      this.lastSeen = await seen();
      await sleep(100);
    }
    // The burst window counts from the last notification shown, not from the end of this wait.
    const settledAt = Date.now();
    const createdAtSettle = this.createdSinceBaseline().length;
    await sleep(1_500); // time for any wrong (repeated) notification to appear
    const all = await seen();
    const created = this.createdSinceBaseline();
    const details: string[] = [];
    let duplicates = 0;
    const counts = new Map<string, number>();
    for (const id of created) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, n] of counts) {
      if (id === SUMMARY_ID) continue;
      if (n > 1) details.push(`notified ${n} times: ${id}`);
      duplicates += n - 1;
    }
    for (const id of all) {
      if (id === SUMMARY_ID || allowed.has(id)) continue;
      duplicates += 1;
      details.push(`notified a message from before the fault: ${id} (${keyFromNotificationId(id) ?? id})`);
    }
    const missed = [...expected].filter((id) => !all.has(id));
    for (const id of missed) details.push(`never notified: ${id}; in IndexedDB: ${await this.stored(id)}`);
    const summaries = counts.get(SUMMARY_ID) ?? 0;
    this.lastEnd = created.length > createdAtSettle ? Date.now() : settledAt;
    this.lastSeen = undefined;
    return { duplicates, missed: missed.length, summaries, details };
  }

  private lastSeen?: Set<string>;

  /** What the extension's IndexedDB holds for a message (for the report of a missed notification). */
  private async stored(notificationId: string): Promise<string> {
    const key = keyFromNotificationId(notificationId);
    const w = this.live();
    if (!key || !w) return 'unknown';
    return w
      .evaluate(
        async ([k, dbName]) => {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const req = indexedDB.open(dbName);
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          const get = (store: string, id: IDBValidKey) =>
            new Promise<unknown>((resolve) => {
              const req = db.transaction(store).objectStore(store).get(id);
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => resolve(`error ${String(req.error)}`);
            });
          const parts = k.split(':').map(decodeURIComponent);
          const notified = await get('notified', k);
          const message = (await get('messages', parts)) as { unread?: boolean } | undefined;
          db.close();
          return JSON.stringify({ notified, message: message ? { unread: message.unread } : null });
        },
        [key, DB_NAME] as const,
      )
      .catch((err: unknown) => `unreadable: ${String(err)}`);
  }
}
