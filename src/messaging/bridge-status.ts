/**
 * The bridge status, persisted in `storage.session` (falls back to `storage.local` where session
 * storage is missing) so the popup can read it at once and a restarted service worker shows the
 * last known state. The background writes it, the popup and options read it: it lives here, below
 * both (docs/architecture.md "Layers").
 */
import { browser } from 'wxt/browser';
import type { BridgeCapability, SecretStoreKind } from '../protocol';

/** The native port as the background sees it; shown by the badge, the popup and the options page. */
export type BridgeStatus =
  | { state: 'connecting' }
  | {
      state: 'connected';
      bridgeVersion: string;
      protocolVersion: number;
      capabilities: BridgeCapability[];
      secretStore: SecretStoreKind;
    }
  | { state: 'missing'; detail?: string }
  | { state: 'reconnecting'; detail?: string; retryInMs: number }
  /**
   * The bridge speaks another protocol. `bridgeProtocol` is its protocol version when it said so
   * in `hello`: above ours, the bridge is newer than this extension; else (or when it refused the
   * handshake) the bridge is the older one and needs an update.
   */
  | { state: 'incompatible'; detail: string; bridgeProtocol?: number; bridgeVersion?: string };

const KEY = 'bridgeStatus';

function area() {
  return browser.storage.session ?? browser.storage.local;
}

export async function saveBridgeStatus(status: BridgeStatus): Promise<void> {
  await area().set({ [KEY]: { ...status, at: Date.now() } });
}

export async function loadBridgeStatus(): Promise<(BridgeStatus & { at: number }) | undefined> {
  const stored = await area().get(KEY);
  return stored[KEY] as (BridgeStatus & { at: number }) | undefined;
}

export function onBridgeStatusChange(listener: (status: BridgeStatus) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>) => {
    const change = changes[KEY];
    if (change?.newValue) listener(change.newValue as BridgeStatus);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
