/** Account settings with every default filled in, in one place. */
import type { AccountSettings } from '../../protocol';
import type { StoredAccount } from './driver';

const DEFAULT_PORTS = {
  imap: { tls: 993, starttls: 143, none: 143 },
  pop3: { tls: 995, starttls: 110, none: 110 },
} as const;

/** IMAP polls non-IDLE folders every 60 s; POP3 (no push at all) every 2 minutes (issue 4). */
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

/** "AB:cd:01..." or "abcd01..." → "AB:CD:01:..." (the form `openssl x509 -fingerprint -sha256` prints). */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint
    .replace(/^sha256[:=]?/i, '')
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase();
  return hex.match(/.{1,2}/g)?.join(':') ?? '';
}

/** Loopback hosts may use plain text (security 'none'); nothing else may (design.md). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
