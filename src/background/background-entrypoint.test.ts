import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { FakeServer } from './testing/harness';
import { account } from '../protocol/testing/fixtures';
import { FakeBridge } from './testing/fake-bridge';
import background from '../../entrypoints/background';

/** Adapts the fake bridge's port to the shape of `runtime.connectNative`'s Port. */
function installNativePort(bridge: FakeBridge) {
  (fakeBrowser.runtime as unknown as { connectNative: () => unknown }).connectNative = () => {
    const port = bridge.connect();
    return {
      postMessage: (m: unknown) => port.postMessage(m),
      onMessage: { addListener: (l: (m: unknown) => void) => port.onMessage(l) },
      onDisconnect: { addListener: (l: (p: unknown) => void) => port.onDisconnect(() => l({})) },
      disconnect: () => port.disconnect(),
    };
  };
}

describe('background entrypoint', () => {
  beforeEach(() => fakeBrowser.reset());

  it('registers listeners synchronously, syncs on connect, and serves own pages', async () => {
    const server = new FakeServer();
    ['1', '2', '3'].forEach((u) => server.deliver('a', u));
    const bridge = new FakeBridge()
      .on('accounts.list', () => ({ accounts: [account('a')] }))
      .on('resync', () => (setTimeout(() => bridge.emit('mailbox.snapshot', server.snapshot('a')), 0), {}))
      .on('message.action', (p) => ({ mailbox: server.apply(p.ref, p.action) }));
    installNativePort(bridge);
    (fakeBrowser.runtime as unknown as { getManifest: () => unknown }).getManifest = () => ({ version: '0.1.0' });

    const result = background.main() as unknown;
    expect(result).toBeUndefined(); // main() is synchronous
    expect(await fakeBrowser.alarms.get('bridge-watchdog')).toMatchObject({ periodInMinutes: 0.5 });
    // The fake's events have hasListeners() at run time; its types only declare hasListener().
    const has = (event: unknown) => (event as { hasListeners(): boolean }).hasListeners();
    expect(has(fakeBrowser.runtime.onMessage)).toBe(true);
    expect(has(fakeBrowser.notifications.onClicked)).toBe(true);
    expect(has(fakeBrowser.alarms.onAlarm)).toBe(true);
    expect(has(fakeBrowser.runtime.onStartup)).toBe(true);
    expect(has(fakeBrowser.runtime.onInstalled)).toBe(true);

    await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({})).toBe('3'), { timeout: 10_000 });

    const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const [reply] = await fakeBrowser.runtime.onMessage.trigger(
      {
        mailglance: 1,
        type: 'performAction',
        payload: { ref: { accountId: 'a', mailbox: 'INBOX', uidValidity: '1', uid: '2' }, action: 'markRead' },
      },
      sender,
    );
    expect(reply).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({})).toBe('2'), { timeout: 10_000 });
    expect(bridge.sent('message.action')).toHaveLength(1);
    expect(server.status('a').unseen).toBe(2);
  });
});
