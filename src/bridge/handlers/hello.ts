import { BridgeError, ErrorCode, PROTOCOL_VERSION, BRIDGE_CAPABILITIES } from '../../protocol';
import { BRIDGE_VERSION } from '../version';
import type { Handler } from './context';

/** Handshake: compares protocol versions (never app versions) and starts the account drivers. */
export const hello: Handler<'hello'> = (params, ctx) => {
  if (params.protocolVersion !== PROTOCOL_VERSION) {
    throw new BridgeError(
      ErrorCode.VersionMismatch,
      `extension speaks protocol ${params.protocolVersion}, this bridge speaks ${PROTOCOL_VERSION}`,
    );
  }
  ctx.log.info('hello', { client: params.client });
  ctx.manager.startAll();
  return {
    protocolVersion: PROTOCOL_VERSION,
    bridgeVersion: BRIDGE_VERSION,
    capabilities: [...BRIDGE_CAPABILITIES],
    secretStore: ctx.secretStore,
  };
};
