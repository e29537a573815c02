/**
 * Where an account's mail goes out, in one place for the bridge (which connects) and the options
 * form (its placeholders): a known provider's submission server (providers.ts) when the incoming
 * host is that provider's, else an SMTP host guessed from the incoming one, submission on 587 with
 * STARTTLS (RFC 6409, RFC 3207) unless the port is 465, which is implicit TLS (RFC 8314 §3.3).
 */
import type { SmtpSettings } from '../smtp-settings';
import { PROVIDERS, type ServerPreset } from './providers';

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export interface SmtpEndpoint {
  host: string;
  port: number;
  security: SmtpSecurity;
}

/** Providers whose SMTP server files sent mail in Sent itself: a client APPEND would duplicate it. */
const FILES_SENT_ITSELF = [
  /(^|\.)gmail\.com$/i,
  /(^|\.)googlemail\.com$/i,
  /(^|\.)office365\.com$/i,
  /(^|\.)outlook\.com$/i,
  /(^|\.)hotmail\.com$/i,
  /(^|\.)live\.com$/i,
];

/** A well-known host whose provider files SMTP-sent mail in Sent (Gmail, Microsoft 365 / Outlook). */
export function providerFilesSent(smtpHost: string): boolean {
  const host = smtpHost.trim().toLowerCase();
  return FILES_SENT_ITSELF.some((re) => re.test(host));
}

/** `imap.example.com` / `pop.example.com` / `pop3.example.com` → `smtp.example.com`; else the same host. */
export function guessSmtpHost(incomingHost: string): string {
  const host = incomingHost.trim();
  return /^(imap|imaps|pop|pop3|pop3s)\./i.test(host) ? host.replace(/^[^.]+\./, 'smtp.') : host;
}

/** 465 means implicit TLS; every other port (587 by default) STARTTLS. */
export function smtpSecurityFor(port: number | undefined): SmtpSecurity {
  return port === 465 ? 'tls' : 'starttls';
}

/** The SMTP server of the provider whose IMAP or POP3 server `incomingHost` is, if it is one. */
export function providerSmtp(incomingHost: string): ServerPreset | undefined {
  const host = incomingHost.trim().toLowerCase();
  return PROVIDERS.find((p) => p.imap.host === host || p.pop3?.host === host)?.smtp;
}

/** The endpoint an account sends through, with every default filled in. */
export function smtpEndpoint(incomingHost: string, smtp: SmtpSettings | undefined): SmtpEndpoint {
  const preset = providerSmtp(incomingHost);
  // A known provider's server, unless the user set any part of their own.
  if (preset && !smtp?.host?.trim() && smtp?.port === undefined && smtp?.security === undefined) {
    return { ...preset };
  }
  const security = smtp?.security ?? smtpSecurityFor(smtp?.port);
  const port = smtp?.port ?? (security === 'tls' ? 465 : 587);
  const host = smtp?.host?.trim() || guessSmtpHost(incomingHost);
  return { host, port, security };
}
