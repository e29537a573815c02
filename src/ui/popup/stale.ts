import type { BridgeStatus } from '../../messaging/bridge-status';
import type { AccountView } from '../../protocol/model';

/** Whether what the popup shows may be out of date: the bridge or an account is not connected. */
export function isStale(bridge: BridgeStatus | undefined, accounts: readonly AccountView[]): boolean {
  if (bridge && bridge.state !== 'connected') return true;
  return accounts.some((a) => a.state === 'reconnecting' || a.state === 'error');
}
