/**
 * Account defaults, in one place for the bridge (which fills them in, accounts/defaults.ts), its
 * IMAP and POP3 connections and the options form (its placeholders and checks).
 */
import type { AccountSettings } from '../model';

type AccountType = AccountSettings['type'];
type Security = NonNullable<AccountSettings['security']>;

/** Implicit TLS unless the account says otherwise (RFC 8314 §3). */
export const DEFAULT_SECURITY: Security = 'tls';

/** IANA ports: IMAPS 993, IMAP 143 (RFC 9051), POP3S 995, POP3 110 (RFC 1939, RFC 8314 §7). */
const DEFAULT_PORTS = {
  imap: { tls: 993, starttls: 143, none: 143 },
  pop3: { tls: 995, starttls: 110, none: 110 },
} as const;

/** The port of an account that names none. */
export function defaultPort(type: AccountType, security: Security = DEFAULT_SECURITY): number {
  return DEFAULT_PORTS[type][security];
}

/** IMAP polls non-IDLE folders every 60 s; POP3 (no push at all) every 2 minutes. */
export const DEFAULT_POLL_SECONDS = { imap: 60, pop3: 120 } as const;

/** No account polls more often than this (the protocol's `pollIntervalSec` floor). */
export const MIN_POLL_SECONDS = 30;
