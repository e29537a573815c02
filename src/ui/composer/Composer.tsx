import './composer.css';
import { useState } from 'preact/hooks';
import { parseRecipients, type RecipientField } from '../../messaging/draft-params';
import type { AccountView } from '../../protocol/model';
import { t } from '../i18n';
import { ForwardedAttachments } from './ForwardedAttachments';
import { SendState } from './SendState';
import { useSendActions } from './use-send-actions';
import { useDraft } from './use-draft';

interface Props {
  draftId: string;
  accounts: AccountView[];
  /** Leave the composer; the draft stays unless it was sent or discarded. */
  onClose: () => void;
}

const FIELDS: RecipientField[] = ['to', 'cc', 'bcc'];

/** A compact plain-text composer: From, To/Cc/Bcc, Subject and the body, saved as you type. */
export function Composer({ draftId, accounts, onClose }: Props) {
  const { draft, missing, edit, save } = useDraft(draftId);
  const [showCopies, setShowCopies] = useState(false);
  const { send, close, discard, busy, sendError } = useSendActions(draftId, draft?.status ?? 'editing', save, onClose);
  if (missing) {
    return (
      <p role="status" class="banner info">
        {t('draftGone')}
      </p>
    );
  }
  if (!draft) return <p class="loading">{t('loading')}</p>;
  const account = accounts.find((a) => a.id === draft.accountId);
  const locked = draft.status === 'sending' || draft.status === 'queued' || draft.status === 'sent';
  const invalid = Object.fromEntries(FIELDS.map((f) => [f, parseRecipients(draft[f]).invalid])) as Record<
    RecipientField,
    string[]
  >;
  const copiesShown = showCopies || draft.cc !== '' || draft.bcc !== '';

  return (
    <section
      class="composer"
      aria-label={t('composer')}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !locked) {
          e.preventDefault();
          void send();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          void close();
        }
      }}
    >
      <div class="toolbar" role="toolbar" aria-label={t('composer')}>
        <button type="button" onClick={() => void close()} aria-keyshortcuts="Escape">
          {t('back')}
        </button>
        {draft.status !== 'sent' && (
          <button
            type="button"
            class="primary"
            disabled={locked || busy}
            onClick={() => void send()}
            aria-keyshortcuts="Control+Enter"
          >
            {t('send')}
          </button>
        )}
        {draft.status !== 'sent' && draft.status !== 'sending' && (
          <button type="button" class="danger" onClick={() => void discard()}>
            {t('discard')}
          </button>
        )}
      </div>
      <SendState draft={draft} account={account} onUncertain={(choice) => void send(choice)} />
      {sendError && (
        <p class="banner error" role="alert">
          {t('sendFailed', sendError)}
        </p>
      )}
      <fieldset class="composer-fields" disabled={locked}>
        <label>
          <span>{t('fromLabel')}</span>
          {accounts.length > 1 ? (
            <select value={draft.accountId} onChange={(e) => edit({ accountId: e.currentTarget.value })}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.smtp?.address || a.user} ({a.label})
                </option>
              ))}
            </select>
          ) : (
            <output>{account?.smtp?.address || account?.user}</output>
          )}
        </label>
        {FIELDS.filter((f) => f === 'to' || copiesShown).map((field) => (
          <label key={field}>
            <span>{t(field === 'to' ? 'toField' : field === 'cc' ? 'ccField' : 'bccField')}</span>
            <input
              type="text"
              name={field}
              value={draft[field]}
              autoFocus={field === 'to' && draft.to === ''}
              aria-invalid={invalid[field].length > 0}
              onInput={(e) => edit({ [field]: e.currentTarget.value })}
            />
            {invalid[field].length > 0 && (
              <small class="field-error" role="alert">
                {t('invalidAddresses', invalid[field].join(', '))}
              </small>
            )}
          </label>
        ))}
        {!copiesShown && (
          <button type="button" class="link" onClick={() => setShowCopies(true)}>
            {t('addCcBcc')}
          </button>
        )}
        <label>
          <span>{t('subjectField')}</span>
          <input
            type="text"
            name="subject"
            value={draft.subject}
            onInput={(e) => edit({ subject: e.currentTarget.value.replace(/[\r\n\0]/g, ' ') })}
          />
        </label>
        <ForwardedAttachments list={draft.forwardAttachments ?? []} />
        <textarea
          name="body"
          value={draft.text}
          autoFocus={draft.to !== ''}
          rows={12}
          onInput={(e) => edit({ text: e.currentTarget.value })}
          ref={(el) => {
            // A reply starts above the quote (the draft begins with two empty lines).
            if (el && draft.kind !== 'new' && el.dataset.placed !== '1') {
              el.dataset.placed = '1';
              el.setSelectionRange(0, 0);
            }
          }}
        />
      </fieldset>
    </section>
  );
}
