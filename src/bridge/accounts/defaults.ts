/** Account settings with every default filled in, in one place. */
import { BlockList, isIP } from 'node:net';
import { BridgeError, ErrorCode, type AccountSettings } from '../../protocol';
import { normalizeFingerprint as canonicalFingerprint } from '../imap/fingerprint';
import type { StoredAccount } from './driver';

const DEFAULT_PORTS = {
  imap: { tls: 993, starttls: 143, none: 143 },
  pop3: { tls: 995, starttls: 110, none: 110 },
} as const;

/** IMAP polls non-IDLE folders every 60 s; POP3 (no push at all) every 2 minutes. */
const DEFAULT_POLL_SECONDS = { imap: 60, pop3: 120 } as const;

export function withDefaults(id: string, settings: AccountSettings): StoredAccount {
  const security = settings.security ?? 'tls';
  return {
    id,
    type: settings.type,
    label: settings.label?.trim() || `${settings.user}@${settings.host}`,
    host: settings.host.trim(),
    port: settings.port ?? DEFAULT_PORTS[settings.type][security],
    security,
    user: settings.user,
    pinnedCert: settings.pinnedCert ? normalizeFingerprint(settings.pinnedCert) : undefined,
    watchedFolders:
      settings.type === 'pop3' ? ['INBOX'] : settings.watchedFolders?.length ? settings.watchedFolders : ['INBOX'],
    includeInBadge: settings.includeInBadge ?? true,
    notify: settings.notify ?? true,
    deleteMode: settings.deleteMode ?? 'trash',
    leaveOnServer: settings.type === 'pop3' ? (settings.leaveOnServer ?? true) : undefined,
    pollIntervalSec: settings.pollIntervalSec ?? DEFAULT_POLL_SECONDS[settings.type],
    webmailUrl: settings.webmailUrl || undefined,
  };
}

/** Stored account back to the settings it came from (for partial updates). */
export function toSettings(account: StoredAccount): AccountSettings {
  const { id: _id, ...settings } = account;
  return settings;
}

/**
 * A pinned certificate fingerprint as the user gave it (`--accept-cert`, the options page) in the
 * canonical form "AB:CD:01:...". Anything that is not a SHA-256 fingerprint — 64 hex digits,
 * colons or a "SHA256:" prefix allowed — is refused: a pin that silently became "" would turn
 * into "no pin", and the user would be told the certificate is untrusted with no hint why.
 */
export function normalizeFingerprint(fingerprint: string): string {
  const canonical = canonicalFingerprint(fingerprint);
  if (canonical === undefined) {
    throw new BridgeError(
      ErrorCode.BadRequest,
      'pinnedCert must be a SHA-256 certificate fingerprint: 64 hex digits, colons optional ' +
        '(as `openssl x509 -noout -fingerprint -sha256` prints it)',
    );
  }
  return canonical;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4'); // RFC 1122 §3.2.1.3; IPv4-mapped ::ffff:127.x too
LOOPBACK.addAddress('::1', 'ipv6'); // RFC 4291 §2.5.3

/**
 * Loopback hosts may use plain text (security 'none'); nothing else may (docs/architecture.md). Only
 * literal loopback addresses and exactly "localhost" count: a name like "mail.localhost" is
 * only loopback if the resolver says so (RFC 6761 §6.3 asks, not guarantees), and a name the
 * resolver or /etc/hosts maps elsewhere would get the password in clear text.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  const family = isIP(h);
  if (family === 4) return LOOPBACK.check(h, 'ipv4');
  if (family === 6) return LOOPBACK.check(h, 'ipv6');
  return false;
}
