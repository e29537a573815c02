/**
 * The outgoing-mail part of the account form: strings as the inputs hold them, checked and turned
 * into the protocol's `smtp` and `sentCopy` settings. Empty fields mean "the default"
 * (src/protocol/rules/smtp-defaults.ts), so most accounts fill in nothing here.
 */
import type { AccountView } from '../../protocol/model';
import type { SentCopyMode, SmtpSettings } from '../../protocol/smtp-settings';
import { isPlainAddress } from '../../protocol/send';
import { plainTextAllowed } from '../../protocol/rules/loopback';
import { smtpEndpoint } from '../../protocol/rules/smtp-defaults';
import type { MessageKey } from '../i18n';

export interface SmtpDraft {
  host: string;
  port: string;
  /** '' = automatic from the port (465 implicit TLS, else STARTTLS). */
  security: '' | 'tls' | 'starttls' | 'none';
  user: string;
  /** A separate SMTP password; empty keeps whatever is stored (or the incoming password). */
  password: string;
  address: string;
  name: string;
  sentCopy: SentCopyMode;
}

export type SmtpErrors = Partial<Record<keyof SmtpDraft, MessageKey>>;

export function emptySmtpDraft(): SmtpDraft {
  return { host: '', port: '', security: '', user: '', password: '', address: '', name: '', sentCopy: 'auto' };
}

export function smtpDraftFromAccount(a: Pick<AccountView, 'smtp' | 'sentCopy'>): SmtpDraft {
  return {
    ...emptySmtpDraft(),
    host: a.smtp?.host ?? '',
    port: a.smtp?.port ? String(a.smtp.port) : '',
    security: a.smtp?.security ?? '',
    user: a.smtp?.user ?? '',
    address: a.smtp?.address ?? '',
    name: a.smtp?.name ?? '',
    sentCopy: a.sentCopy ?? 'auto',
  };
}

/** The stored form; an update always carries `smtp` so cleared fields are forgotten. */
export function smtpToSettings(d: SmtpDraft, forUpdate: boolean): { smtp?: SmtpSettings; sentCopy: SentCopyMode } {
  const smtp: SmtpSettings = {};
  if (d.host.trim()) smtp.host = d.host.trim();
  if (d.port.trim()) smtp.port = Number(d.port);
  if (d.security) smtp.security = d.security;
  if (d.user.trim()) smtp.user = d.user.trim();
  if (d.address.trim()) smtp.address = d.address.trim();
  if (d.name.trim()) smtp.name = d.name.trim();
  const any = Object.keys(smtp).length > 0;
  return { ...(any || forUpdate ? { smtp } : {}), sentCopy: d.sentCopy };
}

const HOST = /^[a-z0-9.-]+$|^\[?[0-9a-f:.]+\]?$/i;

export function validateSmtp(d: SmtpDraft, incomingHost: string): SmtpErrors {
  const errors: SmtpErrors = {};
  if (d.host.trim() && !HOST.test(d.host.trim())) errors.host = 'errorHost';
  if (d.port.trim()) {
    const port = Number(d.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'errorPort';
  }
  const endpoint = smtpEndpoint(incomingHost, smtpToSettings(d, false).smtp);
  if (!plainTextAllowed(endpoint.security, endpoint.host)) errors.security = 'errorInsecure';
  if (d.address.trim() && !isPlainAddress(d.address.trim())) errors.address = 'errorEmail';
  if (/[\r\n\0]/.test(d.name)) errors.name = 'errorRequired';
  return errors;
}
