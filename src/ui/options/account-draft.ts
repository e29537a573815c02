/**
 * The account form's state as strings and booleans (what inputs hold), its validation, and the
 * conversion to the protocol's AccountSettings. The password lives only in this draft, in
 * memory, until it is sent to the bridge once; it is never written to any extension storage.
 */
import type { AccountSettings, AccountView } from '../../protocol/model';
import { defaultPort } from '../../protocol/rules/account-defaults';
import { plainTextAllowed } from '../../protocol/rules/loopback';
import { passwordTargetChanged } from '../../protocol/password-target';
import type { MessageKey } from '../i18n';
import { emptySmtpDraft, smtpDraftFromAccount, smtpToSettings, type SmtpDraft } from './smtp-draft';

export type AccountType = AccountSettings['type'];
export type Security = NonNullable<AccountSettings['security']>;

export interface AccountDraft {
  email: string;
  label: string;
  type: AccountType;
  host: string;
  /** Empty means the default port for type and security. */
  port: string;
  security: Security;
  user: string;
  password: string;
  pinnedCert: string;
  watchedFolders: string[];
  includeInBadge: boolean;
  notify: boolean;
  deleteMode: NonNullable<AccountSettings['deleteMode']>;
  leaveOnServer: boolean;
  pollIntervalSec: string;
  webmailUrl: string;
  /** Sending (src/ui/options/smtp-draft.ts). */
  smtp: SmtpDraft;
}

export type DraftErrors = Partial<Record<keyof AccountDraft, MessageKey>>;

export function emptyDraft(): AccountDraft {
  return {
    email: '',
    label: '',
    type: 'imap',
    host: '',
    port: '',
    security: 'tls',
    user: '',
    password: '',
    pinnedCert: '',
    watchedFolders: ['INBOX'],
    includeInBadge: true,
    notify: true,
    deleteMode: 'trash',
    leaveOnServer: true,
    // Empty: the bridge's default for the account type (DEFAULT_POLL_SECONDS in src/protocol/rules/account-defaults.ts).
    pollIntervalSec: '',
    webmailUrl: '',
    smtp: emptySmtpDraft(),
  };
}

/** The form for an existing account (the password stays empty: "unchanged"). */
export function draftFromAccount(a: AccountView): AccountDraft {
  return {
    ...emptyDraft(),
    email: a.user.includes('@') ? a.user : '',
    label: a.label,
    type: a.type,
    host: a.host,
    port: String(a.port),
    security: a.security,
    user: a.user,
    pinnedCert: a.pinnedCert ?? '',
    watchedFolders: a.watchedFolders,
    includeInBadge: a.includeInBadge,
    notify: a.notify,
    deleteMode: a.deleteMode,
    leaveOnServer: a.leaveOnServer ?? true,
    pollIntervalSec: String(a.pollIntervalSec),
    webmailUrl: a.webmailUrl ?? '',
    smtp: smtpDraftFromAccount(a),
  };
}

/** Fills host, port, security, type and user from an autodetect candidate. */
export function applyCandidate(draft: AccountDraft, settings: AccountSettings): AccountDraft {
  const security = settings.security ?? draft.security;
  return {
    ...draft,
    type: settings.type,
    host: settings.host,
    security,
    port: String(settings.port ?? defaultPort(settings.type, security)),
    user: settings.user || draft.user || draft.email,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOST = /^[a-z0-9.-]+$|^\[?[0-9a-f:.]+\]?$/i;

/**
 * Whether saving this draft over `saved` needs the password typed again: it changes where the
 * password would go (src/protocol/password-target.ts), and the bridge refuses that without it.
 */
export function needsPasswordAgain(d: AccountDraft, saved: AccountView | undefined): boolean {
  return saved !== undefined && saved.hasPassword && passwordTargetChanged(saved, draftToSettings(d));
}

/**
 * Field errors (message keys); empty when the draft can be tested or saved. `saved` is the
 * account being edited, if any.
 */
export function validateDraft(d: AccountDraft, options: { isNew: boolean; saved?: AccountView }): DraftErrors {
  const errors: DraftErrors = {};
  if (d.email.trim() && !EMAIL.test(d.email.trim())) errors.email = 'errorEmail';
  if (!d.host.trim()) errors.host = 'errorRequired';
  else if (!HOST.test(d.host.trim())) errors.host = 'errorHost';
  else if (!plainTextAllowed(d.security, d.host)) errors.security = 'errorInsecure';
  if (d.port.trim()) {
    const port = Number(d.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'errorPort';
  }
  if (!d.user.trim()) errors.user = 'errorRequired';
  if (options.isNew && !d.password) errors.password = 'errorRequired';
  else if (!d.password && !d.smtp.password && !errors.host && !errors.port && needsPasswordAgain(d, options.saved)) {
    // OAuth tokens were granted for this server and user; the bridge never sends them elsewhere.
    if (options.saved?.auth === 'oauth2') errors.host = 'errorOAuthTarget';
    else errors.password = 'errorPasswordAgain';
  }
  const interval = Number(d.pollIntervalSec);
  if (d.pollIntervalSec.trim() && (!Number.isInteger(interval) || interval < 30)) {
    errors.pollIntervalSec = 'errorInterval';
  }
  if (d.webmailUrl.trim()) {
    try {
      const u = new URL(d.webmailUrl.trim());
      if (u.protocol !== 'https:' && u.protocol !== 'http:') errors.webmailUrl = 'errorUrl';
    } catch {
      errors.webmailUrl = 'errorUrl';
    }
  }
  return errors;
}

/**
 * The settings the bridge stores (no password: it travels separately, once). For an update,
 * cleared optional fields are sent as empty strings so the bridge forgets them.
 */
export function draftToSettings(d: AccountDraft, forUpdate = false): AccountSettings {
  const settings: AccountSettings = {
    type: d.type,
    label: d.label.trim() || d.email.trim() || d.user.trim(),
    host: d.host.trim(),
    port: d.port.trim() ? Number(d.port) : defaultPort(d.type, d.security),
    security: d.security,
    user: d.user.trim(),
    watchedFolders: d.type === 'pop3' ? ['INBOX'] : d.watchedFolders.length ? d.watchedFolders : ['INBOX'],
    includeInBadge: d.includeInBadge,
    notify: d.notify,
    deleteMode: d.deleteMode,
  };
  if (d.pollIntervalSec.trim()) settings.pollIntervalSec = Number(d.pollIntervalSec);
  if (d.pinnedCert.trim() || forUpdate) settings.pinnedCert = d.pinnedCert.trim();
  if (d.type === 'pop3') settings.leaveOnServer = d.leaveOnServer;
  if (d.webmailUrl.trim() || forUpdate) settings.webmailUrl = d.webmailUrl.trim();
  return { ...settings, ...smtpToSettings(d.smtp, forUpdate) };
}
