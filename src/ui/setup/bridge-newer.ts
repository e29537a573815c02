import type { BridgeStatus } from '../../messaging/bridge-status';
import { PROTOCOL_VERSION } from '../../protocol/version';

/**
 * A bridge that answered with a newer protocol than ours: the extension is the one to update.
 * A module of its own: the popup's first paint needs this rule, not the rest of the setup steps.
 */
export function bridgeIsNewer(status: BridgeStatus): boolean {
  return status.state === 'incompatible' && (status.bridgeProtocol ?? 0) > PROTOCOL_VERSION;
}
