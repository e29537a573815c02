/**
 * POP3 support of the bridge: `pop3DriverFactory` plugs into the account manager
 * (src/bridge/accounts/driver.ts).
 */
import type { DriverFactory } from '../accounts/driver';
import type { ConnectionReport } from '../../protocol';
import { Pop3Driver } from './driver';
import { openSession, type Pop3DriverOptions } from './session';

/** What each login method is called on the wire. */
const POP3_MECHANISM = { plain: 'PLAIN', user: 'USER/PASS', apop: 'APOP', xoauth2: 'XOAUTH2' } as const;

/** A factory with test options (hooks, short timeouts); production uses `pop3DriverFactory`. */
export function createPop3DriverFactory(options: Pop3DriverOptions = {}): DriverFactory {
  return {
    create: (account, password, ctx) => new Pop3Driver(account, password, ctx, options),
    async test(account, password): Promise<ConnectionReport> {
      const client = await openSession(account, password, options);
      try {
        await client.stat(); // proves the maildrop opens (lock taken, RFC 1939 §8)
        const report: ConnectionReport = {
          tlsVersion: client.tls.tlsVersion,
          certFingerprint: client.tls.certFingerprint,
          certVerified: client.tls.certVerified,
          capabilities: client.capabilities,
          ...(client.authMethod ? { authMechanism: POP3_MECHANISM[client.authMethod] } : {}),
          folders: [{ path: 'INBOX', specialUse: '\\Inbox' }],
        };
        await client.quit();
        return report;
      } finally {
        client.destroy();
      }
    },
  };
}

/** The POP3 driver factory the bridge registers for `type: 'pop3'` accounts. */
export const pop3DriverFactory: DriverFactory = createPop3DriverFactory();

export { Pop3Client } from './client';
export type { Pop3DriverOptions, Pop3Hooks } from './session';
