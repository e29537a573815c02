/**
 * IMAP for the bridge: `imapDriverFactory` is what the account manager uses for `type: 'imap'`.
 * `createImapDriverFactory` takes options (backoff, caps, a wire-log sink) for tests.
 */
import type { DriverFactory } from '../accounts/driver';
import { ImapDriver, type ImapDriverOptions } from './driver';
import { testImapAccount } from './report';

export type { ImapDriverOptions } from './driver';

/** A DriverFactory for IMAP accounts with the given options. */
export function createImapDriverFactory(opts: ImapDriverOptions = {}): DriverFactory {
  return {
    create: (account, password, ctx) => new ImapDriver(account, password, ctx, opts),
    test: (account, password, log) => testImapAccount(account, password, log),
  };
}

/** The IMAP driver factory with production defaults. */
export const imapDriverFactory: DriverFactory = createImapDriverFactory();
