/** The protocol implementations, one per account type. */
import { BridgeError, ErrorCode } from '../../protocol';
import type { DriverFactory } from './driver';
import type { DriverFactories } from './manager';

// Replaced by src/bridge/imap and src/bridge/pop3 as they land.
function notYet(type: string): DriverFactory {
  return {
    create: (_account, _password, ctx) => ({
      start: () => ctx.setState('error', `${type} is not available in this bridge build`),
      stop: async () => {},
      resync: async () => {},
      refresh: async () => {},
      fetch: async () => {
        throw new BridgeError(ErrorCode.Unsupported, `${type} is not available in this bridge build`);
      },
      act: async () => {
        throw new BridgeError(ErrorCode.Unsupported, `${type} is not available in this bridge build`);
      },
      purge: async () => {
        throw new BridgeError(ErrorCode.Unsupported, `${type} is not available in this bridge build`);
      },
    }),
    test: async () => {
      throw new BridgeError(ErrorCode.Unsupported, `${type} is not available in this bridge build`);
    },
  };
}

export const driverFactories: DriverFactories = { imap: notYet('IMAP'), pop3: notYet('POP3') };
