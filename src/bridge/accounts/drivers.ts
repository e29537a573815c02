/** The protocol implementations, one per account type. */
import { imapDriverFactory } from '../imap';
import { pop3DriverFactory } from '../pop3';
import type { DriverFactories } from './manager';

export const driverFactories: DriverFactories = { imap: imapDriverFactory, pop3: pop3DriverFactory };
