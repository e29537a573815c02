import { useEffect, useState } from 'preact/hooks';
import { loadBridgeStatus, onBridgeStatusChange, type BridgeStatus } from '../../messaging/bridge-status';
import { sendToBackground } from '../../messaging/client';

/**
 * The bridge status the background last stored, kept current through storage change events.
 * Opening the popup also pings the background: a Chrome service worker that was stopped starts
 * on a runtime message, reconnects to the bridge and stores its new status, which arrives here
 * through the change listener (the reply itself is not used, so an older reply cannot overwrite
 * a newer stored status).
 */
export function useBridgeStatus(): BridgeStatus | undefined {
  const [status, setStatus] = useState<BridgeStatus | undefined>();
  useEffect(() => {
    let current = true;
    void loadBridgeStatus()
      .then((s) => current && s && setStatus((old) => old ?? s))
      .catch(() => undefined);
    const off = onBridgeStatusChange(setStatus);
    void sendToBackground('getStatus', {}).catch(() => undefined);
    return () => {
      current = false;
      off();
    };
  }, []);
  return status;
}
