/**
 * The background: a Chrome MV3 service worker, or a Firefox background page. `main()` stays
 * synchronous and only creates objects and registers listeners, so that an event that wakes a
 * stopped worker (alarm, message, notification click) finds its listener registered
 * (developer.chrome.com/docs/extensions/develop/concepts/service-workers/events). All state lives
 * in IndexedDB; see src/background/engine.ts.
 */
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { applyBadgeLook } from '../src/background/toolbar-badge';
import { BridgeClient } from '../src/background/bridge-client';
import { connectNativeBridge } from '../src/background/bridge-port';
import { createEngine } from '../src/background/engine';
import { translate } from '../src/background/i18n';
import type { NotificationOptions } from '../src/background/notifications';
import { playNewMailSound } from '../src/background/sound';
import { saveBridgeStatus } from '../src/messaging/bridge-status';
import { createRuntimeRouter, type SenderInfo } from '../src/messaging/router';

const WATCHDOG = 'bridge-watchdog';

export default defineBackground(() => {
  const extensionOrigin = browser.runtime.getURL('/');
  const isFirefox = extensionOrigin.startsWith('moz-extension:');
  const client = new BridgeClient({
    connect: connectNativeBridge,
    clientVersion: browser.runtime.getManifest().version,
    browserName: isFirefox ? 'firefox' : 'chrome',
  });
  const engine = createEngine({
    client,
    applyBadge: applyBadgeLook,
    notifications: {
      create: (id, options: NotificationOptions) =>
        (browser.notifications.create as (id: string, o: NotificationOptions) => Promise<string>)(id, options),
      clear: (id) => browser.notifications.clear(id),
    },
    pageUrl: (path) => browser.runtime.getURL(path as '/'),
    openTab: (url) => browser.tabs.create({ url }),
    broadcast: (message) => browser.runtime.sendMessage(message),
    saveStatus: saveBridgeStatus,
    // Firefox notifications have no buttons; a click opens the message instead.
    notificationButtons: !isFirefox,
    playSound: playNewMailSound,
    translate,
  });

  const router = createRuntimeRouter(engine.handlers, { extensionId: browser.runtime.id, extensionOrigin });
  browser.runtime.onMessage.addListener((message: unknown, sender: SenderInfo) => router(message, sender));
  browser.notifications.onClicked.addListener((id: string) => void engine.onNotificationClicked(id));
  browser.notifications.onButtonClicked?.addListener(
    (id: string, index: number) => void engine.onNotificationButtonClicked(id, index),
  );

  // A new browser session or an install/update starts the background through these events even
  // when no alarm survived (Chrome does not promise that alarms persist across restarts), so the
  // bridge is connected and the counts resynced from the first minute.
  browser.runtime.onStartup.addListener(() => client.start());
  browser.runtime.onInstalled.addListener((details: { reason: string }) => {
    client.start();
    // A fresh install gets the first-run page: without the bridge the extension can do nothing,
    // and the page walks the user through installing it and adding an account.
    if (details.reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/setup.html') });
  });

  // Watchdog (≥ 30 s is Chrome's minimum period): wakes a stopped worker, reopens a lost port,
  // retries due outbox actions.
  browser.alarms.create(WATCHDOG, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm: { name: string }) => {
    if (alarm.name !== WATCHDOG) return;
    client.start();
    void engine.onWatchdog();
  });
  client.start();
});
