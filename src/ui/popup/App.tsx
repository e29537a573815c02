import { useEffect, useState } from 'preact/hooks';
import type { BridgeStatus } from '../../background/bridge-client';
import { loadBridgeStatus, onBridgeStatusChange } from '../../background/status-store';
import { BridgeState } from './BridgeState';

export function App() {
  const [status, setStatus] = useState<BridgeStatus | undefined>();
  useEffect(() => {
    void loadBridgeStatus().then((s) => s && setStatus(s));
    return onBridgeStatusChange(setStatus);
  }, []);
  return (
    <main>
      <BridgeState status={status} />
    </main>
  );
}
