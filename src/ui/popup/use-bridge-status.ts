import { useEffect, useState } from 'preact/hooks';
import type { BridgeStatus } from '../../background/bridge-client';
import { loadBridgeStatus, onBridgeStatusChange } from '../../background/status-store';

/** The bridge status the background last stored, kept current through storage change events. */
export function useBridgeStatus(): BridgeStatus | undefined {
  const [status, setStatus] = useState<BridgeStatus | undefined>();
  useEffect(() => {
    let current = true;
    void loadBridgeStatus()
      .then((s) => current && s && setStatus((old) => old ?? s))
      .catch(() => undefined);
    const off = onBridgeStatusChange(setStatus);
    return () => {
      current = false;
      off();
    };
  }, []);
  return status;
}
