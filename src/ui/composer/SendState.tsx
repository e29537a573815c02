import type { AccountView } from '../../protocol/model';
import type { DraftRecord } from '../../store/drafts';
import { formatSize } from '../format';
import { t } from '../i18n';
import { sendErrorText } from './send-error-text';

interface Props {
  draft: DraftRecord;
  account: AccountView | undefined;
  /** After SEND_UNCERTAIN: send once more, or record it as sent. */
  onUncertain: (choice: 'resend' | 'markSent') => void;
}

/** Where a send stands, in words: sending, waiting, sent (and where the copy went), or why not. */
export function SendState({ draft, account, onUncertain }: Props) {
  const label = account?.label ?? draft.accountId;
  switch (draft.status) {
    case 'sending':
      return (
        <p class="banner info" role="status">
          {t('sending')}
        </p>
      );
    case 'queued':
      return (
        <p class="banner info" role="status" data-state="queued">
          {t('sendQueued', sendErrorText(draft.error))}
        </p>
      );
    case 'sent': {
      const leftOut = draft.result?.attachmentsLeftOut ?? [];
      return (
        <div class="banner info" role="status" data-state="sent">
          <p>{t('sentWith', label)}</p>
          {draft.result?.sentCopy === 'failed' && <p>{t('sentCopyFailed', draft.result.copyDetail ?? '')}</p>}
          {leftOut.length > 0 && (
            <p>{t('attachmentsLeftOut', leftOut.map((a) => `${a.filename} (${formatSize(a.size)})`).join(', '))}</p>
          )}
        </div>
      );
    }
    case 'failed':
      return (
        <p class="banner error" role="alert" data-code={draft.error?.code}>
          {sendErrorText(draft.error)}
        </p>
      );
    case 'uncertain':
      return (
        <div class="banner warn" role="alert" data-code="SEND_UNCERTAIN">
          <p>{t('sendUncertain')}</p>
          <button type="button" onClick={() => onUncertain('markSent')}>
            {t('sendUncertainWasSent')}
          </button>{' '}
          <button type="button" onClick={() => onUncertain('resend')}>
            {t('sendUncertainResend')}
          </button>
        </div>
      );
    default:
      return null;
  }
}
