/** Account settings with every default filled in, in one place. */
import { BridgeError, ErrorCode, type AccountSettings } from '../../protocol';
import { DEFAULT_POLL_SECONDS, DEFAULT_SECURITY, defaultPort } from '../../protocol/rules/account-defaults';
import { normalizeFingerprint } from '../../protocol/rules/fingerprint';
import type { StoredAccount } from './driver';

export function withDefaults(id: string, settings: AccountSettings): StoredAccount {
  const security = settings.security ?? DEFAULT_SECURITY;
  return {
    id,
    type: settings.type,
    label: settings.label?.trim() || `${settings.user}@${settings.host}`,
    host: settings.host.trim(),
    port: settings.port ?? defaultPort(settings.type, security),
    security,
    user: settings.user,
    pinnedCert: settings.pinnedCert ? parsePinnedCert(settings.pinnedCert) : undefined,
    watchedFolders:
      settings.type === 'pop3' ? ['INBOX'] : settings.watchedFolders?.length ? settings.watchedFolders : ['INBOX'],
    includeInBadge: settings.includeInBadge ?? true,
    notify: settings.notify ?? true,
    deleteMode: settings.deleteMode ?? 'trash',
    leaveOnServer: settings.type === 'pop3' ? (settings.leaveOnServer ?? true) : undefined,
    pollIntervalSec: settings.pollIntervalSec ?? DEFAULT_POLL_SECONDS[settings.type],
    webmailUrl: settings.webmailUrl || undefined,
    // Only written when set, so a password account's stored form is what it was before OAuth.
    ...(settings.auth ? { auth: settings.auth } : {}),
    ...(settings.oauthProvider ? { oauthProvider: settings.oauthProvider } : {}),
    ...(settings.oauthClientId ? { oauthClientId: settings.oauthClientId } : {}),
    ...smtpDefaults(settings),
  };
}

/** Outgoing settings as stored: empty fields dropped, "Save a copy in Sent" automatic by default. */
function smtpDefaults(settings: AccountSettings): Pick<StoredAccount, 'smtp' | 'sentCopy'> {
  const smtp = Object.fromEntries(
    Object.entries(settings.smtp ?? {}).filter(([, value]) => value !== undefined && value !== ''),
  ) as NonNullable<AccountSettings['smtp']>;
  if (smtp.host !== undefined) smtp.host = smtp.host.trim();
  return { smtp: Object.keys(smtp).length ? smtp : undefined, sentCopy: settings.sentCopy ?? 'auto' };
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
export function parsePinnedCert(fingerprint: string): string {
  const canonical = normalizeFingerprint(fingerprint);
  if (canonical === undefined) {
    throw new BridgeError(
      ErrorCode.BadRequest,
      'pinnedCert must be a SHA-256 certificate fingerprint: 64 hex digits, colons optional ' +
        '(as `openssl x509 -noout -fingerprint -sha256` prints it)',
    );
  }
  return canonical;
}
