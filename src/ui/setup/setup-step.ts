/**
 * Which step of the first-run setup to show: install (or update) the bridge, add an account,
 * done. A pure rule of the bridge status and the number of accounts, so the page moves on by
 * itself as soon as either changes.
 */
import type { BridgeStatus } from '../../messaging/bridge-status';
import { bridgeIsNewer } from './bridge-newer';

export type SetupStep = 'bridge' | 'update-bridge' | 'update-extension' | 'account' | 'done';

export function setupStep(status: BridgeStatus | undefined, accounts: number): SetupStep {
  if (!status || status.state !== 'connected') {
    if (status?.state === 'incompatible') return bridgeIsNewer(status) ? 'update-extension' : 'update-bridge';
    return 'bridge';
  }
  return accounts > 0 ? 'done' : 'account';
}
