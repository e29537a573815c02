/**
 * Which step of the first-run setup to show: install (or update) the bridge, add an account,
 * done. A pure rule of the bridge status and the number of accounts, so the page moves on by
 * itself as soon as either changes.
 */
import type { BridgeStatus } from '../../messaging/bridge-status';
import { PROTOCOL_VERSION } from '../../protocol/version';

export type SetupStep = 'bridge' | 'update-bridge' | 'update-extension' | 'account' | 'done';

/** A bridge that answered with a newer protocol than ours: the extension is the one to update. */
export function bridgeIsNewer(status: BridgeStatus): boolean {
  return status.state === 'incompatible' && (status.bridgeProtocol ?? 0) > PROTOCOL_VERSION;
}

export function setupStep(status: BridgeStatus | undefined, accounts: number): SetupStep {
  if (!status || status.state !== 'connected') {
    if (status?.state === 'incompatible') return bridgeIsNewer(status) ? 'update-extension' : 'update-bridge';
    return 'bridge';
  }
  return accounts > 0 ? 'done' : 'account';
}
