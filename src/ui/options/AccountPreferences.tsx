import { DEFAULT_POLL_SECONDS } from '../../protocol/rules/account-defaults';
import type { ConnectionReport } from '../../protocol/model';
import { t } from '../i18n';
import type { AccountDraft, DraftErrors } from './account-draft';
import { Field } from './Field';

interface Props {
  draft: AccountDraft;
  errors: DraftErrors;
  report: ConnectionReport | undefined;
  set: (patch: Partial<AccountDraft>) => void;
}

/** Folders to watch (IMAP) and the per-account switches: badge, notifications, delete, polling. */
export function AccountPreferences({ draft, errors, report, set }: Props) {
  const folders = [...new Set([...(report?.folders.map((f) => f.path) ?? []), ...draft.watchedFolders])];
  const toggleFolder = (path: string, on: boolean) =>
    set({ watchedFolders: on ? [...draft.watchedFolders, path] : draft.watchedFolders.filter((f) => f !== path) });
  return (
    <>
      {draft.type === 'imap' && (
        <fieldset class="folders">
          <legend>{t('watchedFolders')}</legend>
          {folders.map((path) => {
            const special = report?.folders.find((f) => f.path === path)?.specialUse;
            return (
              <label key={path} class="check">
                <input
                  type="checkbox"
                  checked={draft.watchedFolders.includes(path)}
                  onChange={(e) => toggleFolder(path, e.currentTarget.checked)}
                />{' '}
                {path} {special && <small class="hint">{special}</small>}
              </label>
            );
          })}
          {!report && <small class="hint">{t('foldersAfterTest')}</small>}
        </fieldset>
      )}
      <fieldset>
        <legend>{t('accountOptions')}</legend>
        <label class="check">
          <input
            type="checkbox"
            checked={draft.includeInBadge}
            onChange={(e) => set({ includeInBadge: e.currentTarget.checked })}
          />{' '}
          {t('includeInBadge')}
        </label>
        <label class="check">
          <input type="checkbox" checked={draft.notify} onChange={(e) => set({ notify: e.currentTarget.checked })} />{' '}
          {t('notifyAccount')}
        </label>
        <Field id="deleteMode" label={t('deleteMode')}>
          {({ id }) => (
            <select
              id={id}
              value={draft.deleteMode}
              onChange={(e) => set({ deleteMode: e.currentTarget.value as AccountDraft['deleteMode'] })}
            >
              <option value="trash">{t('deleteModeTrash')}</option>
              <option value="markOnly">{t('deleteModeMarkOnly')}</option>
            </select>
          )}
        </Field>
        {draft.type === 'pop3' && (
          <label class="check">
            <input
              type="checkbox"
              checked={draft.leaveOnServer}
              onChange={(e) => set({ leaveOnServer: e.currentTarget.checked })}
            />{' '}
            {t('leaveOnServer')}
          </label>
        )}
        <Field id="pollIntervalSec" label={t('pollInterval')} error={errors.pollIntervalSec}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              min={30}
              step={1}
              value={draft.pollIntervalSec}
              placeholder={String(DEFAULT_POLL_SECONDS[draft.type])}
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onInput={(e) => set({ pollIntervalSec: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field id="webmailUrl" label={t('webmailUrl')} error={errors.webmailUrl} hint={t('webmailUrlHint')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="url"
              value={draft.webmailUrl}
              placeholder="https://webmail.example.org/?id={messageId}"
              aria-invalid={invalid}
              aria-describedby={describedBy}
              onInput={(e) => set({ webmailUrl: e.currentTarget.value })}
            />
          )}
        </Field>
      </fieldset>
    </>
  );
}
