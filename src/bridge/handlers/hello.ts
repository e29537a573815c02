import { BridgeError, ErrorCode, PROTOCOL_VERSION, BRIDGE_CAPABILITIES } from '../../protocol';
import { boundedProblems } from '../accounts/config-problems';
import { BRIDGE_VERSION } from '../version';
import type { Handler } from './context';

/**
 * Handshake: compares protocol versions (never app versions). It answers whatever state the config
 * files are in: damage is reported in `configProblems`, so the extension can still show it and run
 * `doctor`. The session starts the account drivers once this answer is out (host.ts).
 */
export const hello: Handler<'hello'> = (params, ctx) => {
  if (params.protocolVersion !== PROTOCOL_VERSION) {
    throw new BridgeError(
      ErrorCode.VersionMismatch,
      `extension speaks protocol ${params.protocolVersion}, this bridge speaks ${PROTOCOL_VERSION}`,
    );
  }
  ctx.log.info('hello', { client: params.client });
  ctx.noteExtension?.(params.client);
  const problems = ctx.manager.configProblems();
  for (const p of problems) ctx.log.warn('config problem', { ...p });
  return {
    protocolVersion: PROTOCOL_VERSION,
    bridgeVersion: BRIDGE_VERSION,
    capabilities: [...BRIDGE_CAPABILITIES],
    secretStore: ctx.secretStore,
    ...(problems.length ? { configProblems: boundedProblems(problems) } : {}),
  };
};
