import type { MessageBody } from '../../protocol/model';
import { formatSize } from '../format';
import { t } from '../i18n';

/** Names and sizes of a message's attachments (listed only; the popup does not open them). */
export function Attachments({ attachments }: { attachments: MessageBody['attachments'] }) {
  if (attachments.length === 0) return null;
  return (
    <section class="attachments" aria-label={t('attachments')}>
      <h2>{t('attachmentsCount', String(attachments.length))}</h2>
      <ul>
        {attachments.map((a, i) => (
          <li key={i}>
            <span class="name">{a.filename || t('unnamedAttachment')}</span>{' '}
            <span class="size">{formatSize(a.size)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
