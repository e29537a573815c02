import { smtpEndpoint } from '../../protocol/rules/smtp-defaults';
import { t } from '../i18n';
import { Field } from './Field';
import type { SmtpDraft, SmtpErrors } from './smtp-draft';

interface Props {
  smtp: SmtpDraft;
  errors: SmtpErrors;
  /** The incoming server and type, for the defaults shown as placeholders. */
  incomingHost: string;
  type: 'imap' | 'pop3';
  set: (patch: Partial<SmtpDraft>) => void;
}

/** Sending: the SMTP server (defaults from the incoming one), its login, the sender and the Sent copy. */
export function SmtpSettingsFields({ smtp, errors, incomingHost, type, set }: Props) {
  const input =
    (key: keyof Omit<SmtpDraft, 'security' | 'sentCopy'>, kind: string, extra: Record<string, unknown> = {}) =>
    ({ id, describedBy, invalid }: { id: string; describedBy: string | undefined; invalid: boolean }) => (
      <input
        id={id}
        type={kind}
        value={smtp[key]}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onInput={(e) => set({ [key]: e.currentTarget.value })}
        {...extra}
      />
    );
  const port = smtp.port.trim() ? Number(smtp.port) : undefined;
  // The placeholders show what an empty field means: the bridge's own defaults.
  const defaults = smtpEndpoint(incomingHost, {
    ...(smtp.host.trim() ? { host: smtp.host.trim() } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(smtp.security ? { security: smtp.security } : {}),
  });
  return (
    <fieldset class="smtp-settings">
      <legend>{t('smtpSection')}</legend>
      <div class="inline">
        <Field id="smtp-host" label={t('smtpHost')} error={errors.host}>
          {input('host', 'text', { placeholder: defaults.host || 'smtp.example.org', spellcheck: false })}
        </Field>
        <Field id="smtp-port" label={t('smtpPort')} error={errors.port}>
          {input('port', 'number', {
            min: 1,
            max: 65535,
            placeholder: String(defaults.port),
            class: 'port',
          })}
        </Field>
      </div>
      <Field id="smtp-security" label={t('smtpSecurity')} error={errors.security}>
        {({ id }) => (
          <select
            id={id}
            value={smtp.security}
            onChange={(e) => set({ security: e.currentTarget.value as SmtpDraft['security'] })}
          >
            <option value="">{t('smtpSecurityAuto')}</option>
            <option value="tls">{t('securityTls')}</option>
            <option value="starttls">{t('securityStarttls')}</option>
            <option value="none">{t('securityNone')}</option>
          </select>
        )}
      </Field>
      <div class="inline">
        <Field id="smtp-user" label={t('smtpUser')}>
          {input('user', 'text', { autocomplete: 'off' })}
        </Field>
        <Field id="smtp-password" label={t('smtpPassword')}>
          {input('password', 'password', { autocomplete: 'new-password' })}
        </Field>
      </div>
      <div class="inline">
        <Field id="smtp-address" label={t('smtpFromAddress')} error={errors.address}>
          {input('address', 'email')}
        </Field>
        <Field id="smtp-name" label={t('smtpFromName')} error={errors.name}>
          {input('name', 'text')}
        </Field>
      </div>
      {type === 'pop3' ? (
        <p class="hint">{t('sentCopyPop3')}</p>
      ) : (
        <Field id="sent-copy" label={t('sentCopyLabel')}>
          {({ id }) => (
            <select
              id={id}
              value={smtp.sentCopy}
              onChange={(e) => set({ sentCopy: e.currentTarget.value as SmtpDraft['sentCopy'] })}
            >
              <option value="auto">{t('sentCopyAuto')}</option>
              <option value="always">{t('sentCopyAlways')}</option>
              <option value="never">{t('sentCopyNever')}</option>
            </select>
          )}
        </Field>
      )}
    </fieldset>
  );
}
