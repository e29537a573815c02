import { useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { AutodetectCandidate } from '../../protocol/autodetect';
import type { AccountView, ConnectionReport, OAuthProvider } from '../../protocol/model';
import { defaultPort } from '../../protocol/rules/account-defaults';
import { t } from '../i18n';
import {
  applyCandidate,
  draftFromAccount,
  draftToSettings,
  emptyDraft,
  needsPasswordAgain,
  validateDraft,
  type AccountDraft,
  type DraftErrors,
} from './account-draft';
import { AccountPreferences } from './AccountPreferences';
import { certProblemKey, pinnableFingerprint } from './cert-failure';
import { ConfirmSrvTarget } from './ConfirmSrvTarget';
import { ConnectionReportView, UntrustedCert } from './ConnectionReportView';
import { Field } from './Field';
import { OAuthChoice } from './OAuthChoice';
import { OAuthSignIn } from '../oauth/OAuthSignIn';
import { providerForAddress } from '../../protocol/rules/providers';
import { validateSmtp, type SmtpErrors } from './smtp-draft';
import { SmtpSettingsFields } from './SmtpSettingsFields';

interface Props {
  /** The account to edit; a new account when undefined. */
  account?: AccountView;
  onSaved: (account: AccountView) => void;
  onCancel: () => void;
}

type Busy = 'detect' | 'test' | 'save' | undefined;

function errorText(e: unknown): { code: string; message: string } {
  const err = e as { code?: unknown; message?: unknown };
  return {
    code: typeof err.code === 'string' ? err.code : 'INTERNAL',
    message: typeof err.message === 'string' ? err.message : String(e),
  };
}

/**
 * Add or edit an IMAP/POP3 account: autodetect from the address, test the connection (pin a
 * self-signed certificate), pick folders, save. The password goes to the bridge with the test or
 * save request and is cleared from the form once saved.
 */
export function AccountForm({ account, onSaved, onCancel }: Props) {
  const isNew = !account;
  const [draft, setDraft] = useState<AccountDraft>(() => (account ? draftFromAccount(account) : emptyDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [busy, setBusy] = useState<Busy>();
  const [report, setReport] = useState<ConnectionReport>();
  const [untrusted, setUntrusted] = useState<string>();
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string }>();
  const [outside, setOutside] = useState<AutodetectCandidate>();
  const [detectedOAuth, setDetectedOAuth] = useState<OAuthProvider>();
  const oauthAccount = account?.auth === 'oauth2' ? account : undefined;
  const set = (patch: Partial<AccountDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const [smtpErrors, setSmtpErrors] = useState<SmtpErrors>({});
  const check = (d: AccountDraft): boolean => {
    const found = validateDraft(d, { isNew, saved: account });
    const smtpFound = validateSmtp(d.smtp, d.host);
    setErrors(found);
    setSmtpErrors(smtpFound);
    return Object.keys(found).length === 0 && Object.keys(smtpFound).length === 0;
  };

  const detect = async () => {
    const email = draft.email.trim();
    if (!email || validateDraft(draft, { isNew, saved: account }).email) return setErrors({ email: 'errorEmail' });
    setBusy('detect');
    setMessage(undefined);
    try {
      const { candidates, provider } = await sendToBackground('account.autodetect', { email });
      setDetectedOAuth(provider?.oauth);
      const first = candidates[0];
      setOutside(undefined);
      if (!first) setMessage({ kind: 'info', text: t('detectNothing') });
      else if (first.outsideDomain)
        setOutside(first); // RFC 6186 §6: ask before using it
      else {
        setDraft((d) => applyCandidate({ ...d, user: d.user || email }, first.settings));
        setMessage({ kind: 'info', text: t('detectFound', [first.settings.host, first.source]) });
      }
    } catch (e) {
      setMessage({ kind: 'error', text: t('detectFailed', errorText(e).message) });
    } finally {
      setBusy(undefined);
    }
  };

  const handleFailure = (e: unknown) => {
    const { code, message: text } = errorText(e);
    const fingerprint = code === 'TLS_UNTRUSTED' ? pinnableFingerprint(e) : undefined;
    setUntrusted(fingerprint);
    const key =
      code === 'AUTH_FAILED'
        ? 'errorAuthFailed'
        : code === 'TLS_UNTRUSTED'
          ? certProblemKey(e)
          : code === 'INSECURE_REFUSED'
            ? 'errorInsecure'
            : undefined;
    setMessage({ kind: 'error', text: key ? `${t(key)} (${text})` : t('requestFailed', text) });
  };

  const test = async (d: AccountDraft = draft) => {
    if (!check(d)) return;
    setBusy('test');
    setMessage(undefined);
    setReport(undefined);
    setUntrusted(undefined);
    try {
      // A saved account without a new password is tested with the password the bridge holds; that
      // is only allowed (check above) when the draft still connects where the saved account does.
      // Everything else tests the draft itself.
      const target =
        account && !d.password && !needsPasswordAgain(d, account)
          ? { accountId: account.id }
          : { settings: draftToSettings(d), password: d.password || undefined };
      setReport(await sendToBackground('account.test', target));
    } catch (e) {
      handleFailure(e);
    } finally {
      setBusy(undefined);
    }
  };

  const pin = () => {
    if (!untrusted) return;
    const next = { ...draft, pinnedCert: untrusted };
    setDraft(next);
    void test(next);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!check(draft)) return;
    setBusy('save');
    setMessage(undefined);
    try {
      const password = draft.password || undefined;
      const smtpPassword = draft.smtp.password || undefined;
      const result = account
        ? await sendToBackground('account.update', {
            accountId: account.id,
            settings: draftToSettings(draft, true),
            password,
            smtpPassword,
          })
        : await sendToBackground('account.add', { settings: draftToSettings(draft), password, smtpPassword });
      setDraft((d) => ({ ...d, password: '', smtp: { ...d.smtp, password: '' } }));
      onSaved(result.account);
    } catch (e) {
      handleFailure(e);
    } finally {
      setBusy(undefined);
    }
  };

  const text =
    (
      key: 'email' | 'label' | 'host' | 'port' | 'user' | 'password',
      type: string,
      extra: Record<string, unknown> = {},
    ) =>
    ({ id, describedBy, invalid }: { id: string; describedBy: string | undefined; invalid: boolean }) => (
      <input
        id={id}
        type={type}
        value={draft[key]}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onInput={(e) => set({ [key]: e.currentTarget.value })}
        {...extra}
      />
    );

  return (
    <form class="account-form" aria-labelledby="account-form-title" onSubmit={(e) => void save(e)} noValidate>
      <h2 id="account-form-title">{isNew ? t('addAccountTitle') : t('editAccountTitle', account.label)}</h2>
      <div class="inline">
        <Field id="email" label={t('emailAddress')} error={errors.email}>
          {text('email', 'email', { autocomplete: 'email' })}
        </Field>
        <button type="button" onClick={() => void detect()} disabled={busy !== undefined}>
          {t('detectSettings')}
        </button>
      </div>
      <Field id="label" label={t('accountName')}>
        {text('label', 'text')}
      </Field>
      <div class="inline">
        <Field id="type" label={t('protocol')}>
          {({ id }) => (
            <select
              id={id}
              value={draft.type}
              onChange={(e) => set({ type: e.currentTarget.value as AccountDraft['type'] })}
            >
              <option value="imap">IMAP</option>
              <option value="pop3">POP3</option>
            </select>
          )}
        </Field>
        <Field id="security" label={t('security')} error={errors.security}>
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              value={draft.security}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onChange={(e) => set({ security: e.currentTarget.value as AccountDraft['security'] })}
            >
              <option value="tls">{t('securityTls')}</option>
              <option value="starttls">{t('securityStarttls')}</option>
              <option value="none">{t('securityNone')}</option>
            </select>
          )}
        </Field>
      </div>
      <div class="inline">
        <Field id="host" label={t('server')} error={errors.host}>
          {text('host', 'text', { placeholder: 'imap.example.org', autocomplete: 'off', spellcheck: false })}
        </Field>
        <Field id="port" label={t('port')} error={errors.port}>
          {text('port', 'number', {
            min: 1,
            max: 65535,
            placeholder: String(defaultPort(draft.type, draft.security)),
            class: 'port',
          })}
        </Field>
      </div>
      <Field id="user" label={t('userName')} error={errors.user}>
        {text('user', 'text', { autocomplete: 'username' })}
      </Field>
      {isNew && <OAuthChoice draft={draft} detected={detectedOAuth} onSignedIn={onSaved} />}
      {oauthAccount?.oauthProvider ? (
        <div class="field">
          <p class="hint">{t('signInManaged')}</p>
          <OAuthSignIn
            again
            provider={oauthAccount.oauthProvider}
            target={() => ({ accountId: oauthAccount.id })}
            onSignedIn={(a) => setMessage({ kind: 'info', text: t('signInDone', a.label || a.user) })}
          />
        </div>
      ) : (
        <Field
          id="password"
          label={t('password')}
          error={errors.password}
          hint={isNew ? t('passwordHint') : t('passwordUnchangedHint')}
        >
          {text('password', 'password', { autocomplete: 'new-password' })}
        </Field>
      )}
      {!oauthAccount && <AppPasswordHint email={draft.email} />}
      <div class="actions">
        <button type="button" onClick={() => void test()} disabled={busy !== undefined}>
          {t('testConnection')}
        </button>
        {busy && (
          <span role="status" class="hint">
            {t(busy === 'detect' ? 'detecting' : busy === 'test' ? 'testing' : 'saving')}
          </span>
        )}
      </div>
      {message && (
        <p
          class={`banner ${message.kind === 'error' ? 'error' : 'info'}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      {outside && (
        <ConfirmSrvTarget
          candidate={outside}
          domain={draft.email.trim().split('@').pop() ?? ''}
          onUse={() => {
            setDraft((d) => applyCandidate({ ...d, user: d.user || draft.email.trim() }, outside.settings));
            setMessage({ kind: 'info', text: t('detectFound', [outside.settings.host, outside.source]) });
            setOutside(undefined);
          }}
          onDismiss={() => setOutside(undefined)}
        />
      )}
      {untrusted && <UntrustedCert fingerprint={untrusted} onPin={pin} />}
      {draft.pinnedCert && (
        <p class="hint">
          {t('pinnedFingerprint')} <code class="fingerprint">{draft.pinnedCert}</code>
        </p>
      )}
      {report && <ConnectionReportView report={report} />}
      <AccountPreferences draft={draft} errors={errors} report={report} set={set} />
      <SmtpSettingsFields
        smtp={draft.smtp}
        errors={smtpErrors}
        incomingHost={draft.host}
        type={draft.type}
        set={(patch) => setDraft((d) => ({ ...d, smtp: { ...d.smtp, ...patch } }))}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy !== undefined}>
          {t('save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** Providers that take only an app password say so, with their help page (src/protocol/rules/providers.ts). */
function AppPasswordHint({ email }: { email: string }) {
  const preset = providerForAddress(email);
  if (!preset?.appPassword) return null;
  return (
    <p class="hint" data-provider={preset.id}>
      {preset.name}: {preset.appPassword.hint}{' '}
      <a href={preset.appPassword.helpUrl} target="_blank" rel="noreferrer">
        {t('appPasswordHelp')}
      </a>
    </p>
  );
}
