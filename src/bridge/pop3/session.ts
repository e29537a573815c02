/**
 * Opening a POP3 session for a stored account: defaults, the plain-text rule, and test hooks.
 */
import type { Credential, StoredAccount } from '../accounts/driver';
import { BridgeError, ErrorCode } from '../../protocol';
import { Pop3Client, type Pop3ClientOptions } from './client';
import { defaultPort } from '../../protocol/rules/account-defaults';

/** Hooks for tests only (e.g. cut the connection between DELE and QUIT). */
export interface Pop3Hooks {
  /** Called after the session's commands and before QUIT; may destroy the client. */
  beforeQuit?(client: Pop3Client, deletes: readonly string[]): void | Promise<void>;
}

/** Options the factory may override (tests use short timeouts). */
export interface Pop3DriverOptions {
  hooks?: Pop3Hooks;
  timeouts?: Pick<Pop3ClientOptions, 'connectTimeoutMs' | 'idleTimeoutMs' | 'commandTimeoutMs'>;
  /** Body lines asked for with TOP (RFC 1939 §7) for the snippet. */
  previewLines?: number;
  /** Force a login method (tests run each one against Dovecot); default: chosen from CAPA. */
  authMethod?: Pop3ClientOptions['authMethod'];
}

/** Connect and log in with the account's settings. */
export async function openSession(
  account: StoredAccount,
  credential: Credential,
  options: Pop3DriverOptions,
  signal?: AbortSignal,
): Promise<Pop3Client> {
  if (credential === undefined) {
    // Do not try an empty password: it would count as a failed login on the server.
    throw new BridgeError(ErrorCode.AuthFailed, 'no password is stored for this account');
  }
  // A token is fetched (and refreshed when due) for every session: POP3 logs in at each poll.
  const oauth = typeof credential === 'string' ? undefined : await credential.accessToken();
  return Pop3Client.connect({
    host: account.host,
    port: account.port || defaultPort('pop3', account.security),
    security: account.security,
    user: account.user,
    password: oauth === undefined ? (credential as string) : '',
    accessToken: oauth,
    pinnedCert: account.pinnedCert,
    authMethod: oauth === undefined ? options.authMethod : 'xoauth2',
    ...options.timeouts,
    signal,
  });
}
