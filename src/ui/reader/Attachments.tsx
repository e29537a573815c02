import type { MessageBody } from '../../protocol/model';
import { formatSize } from '../format';
import { t } from '../i18n';
import { attachmentName } from './safe-text';

/** One attachment's name: cleaned of bidi controls, shortened in the middle, extension apart. */
function Name({ raw }: { raw: string }) {
  if (!raw) return <span class="name">{t('unnamedAttachment')}</span>;
  const name = attachmentName(raw);
  return (
    <>
      <span class="name" title={name.text}>
        {name.shown}
      </span>{' '}
      {name.extension && <span class="ext">{t('fileType', name.extension.slice(1).toUpperCase())}</span>}{' '}
      {name.hadBidi && (
        <span class="warning" data-testid="bidi-warning">
          {t('bidiRemoved')}
        </span>
      )}
    </>
  );
}

/** Names and sizes of a message's attachments (listed only; the popup does not open them). */
export function Attachments({ attachments }: { attachments: MessageBody['attachments'] }) {
  if (attachments.length === 0) return null;
  return (
    <section class="attachments" aria-label={t('attachments')}>
      <h2>{t('attachmentsCount', String(attachments.length))}</h2>
      <ul>
        {attachments.map((a, i) => (
          <li key={i}>
            <Name raw={a.filename ?? ''} /> <span class="size">{formatSize(a.size)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
