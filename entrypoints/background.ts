import { applyBadgeLook, bridgeBadgeLook } from '../src/background/bridge-badge';
import { BridgeClient } from '../src/background/bridge-client';
import { connectNativeBridge } from '../src/background/bridge-port';
import { saveBridgeStatus } from '../src/background/status-store';

export default defineBackground(() => {
  const client = new BridgeClient({
    connect: connectNativeBridge,
    clientVersion: browser.runtime.getManifest().version,
    browserName: import.meta.env.BROWSER,
  });
  client.onStatus((status) => {
    void saveBridgeStatus(status);
    const look = bridgeBadgeLook(status);
    if (look) void applyBadgeLook(look);
    else void applyBadgeLook({ text: '', color: '#1a73e8', title: browser.i18n.getMessage('extName') });
  });
  // Watchdog: an alarm wakes a stopped service worker and reopens the port if it is gone.
  browser.alarms.create('bridge-watchdog', { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === 'bridge-watchdog') client.start();
  });
  client.start();
});
