/**
 * Wires the background together: bridge events → sync engine → store → badge, notifications and
 * a "changed" broadcast to open pages; user actions → outbox → bridge. Holds no state of its own
 * that matters across a restart: everything is in IndexedDB, so a new instance (a restarted MV3
 * service worker) continues where the old one stopped. Browser APIs come in as functions, so unit
 * tests run it with fakes and the entrypoint with the real thing.
 */
import type { ChangedBroadcast, RuntimeHandlers } from '../messaging/map';
import { openMailDb, type MailDb } from '../store/db';
import { keyToRef } from '../store/keys';
import { pruneNotified } from '../store/notified';
import type { SoundName } from '../store/quiet-hours';
import { saveSettings } from '../store/settings';
import type { StoreName } from '../store/schema';
import type { BadgeLook } from './toolbar-badge';
import type { BridgeApi, BridgeEvents, Clock } from './bridge-api';
import type { BridgeStatus } from '../messaging/bridge-status';
import { BADGE_DELAY_MS, BadgeController } from './badge';
import type { Translate } from './i18n';
import { keyFromNotificationId, Notifier, SUMMARY_ID, type NotificationsApi } from './notifications';
import { OutboxRunner } from './outbox';
import { SendQueue } from './send-queue';
import { createRuntimeHandlers } from './runtime-handlers';
import { SyncEngine } from './sync-engine';

/** "Pause for 1 hour" on the summary notification. */
const PAUSE_MS = 60 * 60 * 1000;

/** Notified keys are kept this long; older UIDs never count as new again anyway. */
const NOTIFIED_TTL_MS = 60 * 24 * 3600 * 1000;

export interface EngineOptions {
  client: BridgeApi & BridgeEvents;
  db?: () => Promise<MailDb>;
  applyBadge: (look: BadgeLook) => Promise<void>;
  notifications: NotificationsApi;
  /** Absolute URL of an extension page, e.g. `runtime.getURL`. */
  pageUrl: (path: string) => string;
  openTab: (url: string) => Promise<unknown>;
  /** Tell open pages that the store changed; must not throw when no page listens. */
  broadcast?: (message: ChangedBroadcast) => Promise<unknown>;
  saveStatus?: (status: BridgeStatus) => Promise<void>;
  /** Chrome: notification buttons. */
  notificationButtons: boolean;
  /** Plays the new-mail sound (only called when the user turned sound on). */
  playSound?: (name: SoundName) => Promise<void>;
  translate?: Translate;
  now?: Clock;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  newActionId?: () => string;
  badgeDelayMs?: number;
}

export interface Engine {
  sync: SyncEngine;
  outbox: OutboxRunner;
  badge: BadgeController;
  notifier: Notifier;
  handlers: RuntimeHandlers;
  onNotificationClicked(id: string): Promise<void>;
  onNotificationButtonClicked(id: string, buttonIndex: number): Promise<void>;
  /** The watchdog alarm fired: flush what is due, tidy up. (Reconnecting is the caller's.) */
  onWatchdog(): Promise<void>;
}

export function createEngine(options: EngineOptions): Engine {
  const db = options.db ?? (() => openMailDb());
  const { client } = options;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const changed = new Set<StoreName>();
  let broadcastTimer: unknown;

  // The objects below refer to each other only from callbacks that run after construction.
  const onChange = (stores: StoreName[]) => {
    badge.schedule();
    if (!options.broadcast) return;
    for (const s of stores) changed.add(s);
    if (broadcastTimer !== undefined) return;
    broadcastTimer = setTimer(() => {
      broadcastTimer = undefined;
      const message: ChangedBroadcast = { mailglanceEvent: 'changed', stores: [...changed] };
      changed.clear();
      options.broadcast?.(message).catch(() => undefined); // no page open: nothing to tell
    }, options.badgeDelayMs ?? BADGE_DELAY_MS);
  };

  const notifier = new Notifier({
    db,
    api: options.notifications,
    iconUrl: options.pageUrl('/icon/128.png'),
    buttons: options.notificationButtons,
    playSound: options.playSound,
    now: options.now,
    translate: options.translate,
  });

  const sync = new SyncEngine({
    db,
    bridge: client,
    now: options.now,
    onChange,
    onArrivals: (messages) => void notifier.notify(messages),
    // Actions that failed while the account was away (server down, sign-in failure) go out
    // as soon as it is back, not when their backoff ends.
    onAccountState: (id, state) => {
      if (state === 'connected') void outbox.retryNow(id);
    },
  });

  const outbox = new OutboxRunner({
    db,
    bridge: client,
    now: options.now,
    newActionId: options.newActionId,
    setTimer: options.setTimer,
    clearTimer: options.clearTimer,
    onChange,
    requestResync: (accountId) => void sync.resync(accountId).catch(() => undefined),
    onDropped: (entry, code) => void notifier.actionNotApplied(entry, code),
  });

  const badge = new BadgeController({
    db,
    // Wait for queued sync events first, so a burst already received renders once.
    beforeRender: () => sync.idle(),
    bridgeState: () => client.status.state,
    apply: options.applyBadge,
    translate: options.translate,
    delayMs: options.badgeDelayMs,
    setTimer: options.setTimer,
  });

  // Before any event: notifications a stopped worker claimed but never showed.
  void sync.replayUnshown();
  client.onEvent((event) => {
    // The badge's merge delay starts now and runs while the event is stored (render waits for
    // the store), instead of after the write: delivery → badge is what the user waits for.
    if (event.type !== 'protocol.error') badge.schedule();
    void sync.handleEvent(event);
  });
  client.onStatus((status) => {
    void options.saveStatus?.(status);
    badge.schedule();
    if (status.state === 'connected') {
      // After every (re)connect: accounts + snapshots, and replay what waited in the outbox.
      void sync.onConnected();
      void outbox.retryNow();
      void sends.flush();
    }
  });
  badge.schedule(); // a restarted worker shows the stored counts at once

  const sends = new SendQueue({ db, bridge: client, onChange });
  const handlers = createRuntimeHandlers({ db, bridge: client, outbox, sync, sends, onChange, now: options.now });

  return {
    sync,
    outbox,
    badge,
    notifier,
    handlers,
    async onNotificationClicked(id) {
      const key = keyFromNotificationId(id);
      if (key === undefined && id !== SUMMARY_ID) return;
      await options.openTab(options.pageUrl(key === undefined ? '/popup.html' : `/popup.html#/message/${key}`));
      await options.notifications.clear(id);
    },
    async onNotificationButtonClicked(id, buttonIndex) {
      if (id === SUMMARY_ID) {
        // The summary's one button pauses notifications; the badge keeps counting.
        const until = (options.now ?? Date.now)() + PAUSE_MS;
        if (buttonIndex === 0) await saveSettings(await db(), { notificationsPausedUntil: until });
        onChange(['settings']);
        await options.notifications.clear(id);
        return;
      }
      const key = keyFromNotificationId(id);
      const ref = key === undefined ? undefined : keyToRef(key);
      if (!ref) return;
      await outbox.enqueue(ref, buttonIndex === 0 ? 'markRead' : 'delete');
      await options.notifications.clear(id);
    },
    async onWatchdog() {
      await outbox.flush();
      await sends.flush();
      await pruneNotified(await db(), (options.now ?? Date.now)() - NOTIFIED_TTL_MS);
    },
  };
}
