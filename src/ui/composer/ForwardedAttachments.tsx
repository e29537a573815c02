import { FORWARD_ATTACHMENT_CAP } from '../../protocol/send';
import { formatSize } from '../format';
import { t } from '../i18n';

/** What a forward carries, and what will be left out because it does not fit the cap. */
export function ForwardedAttachments({ list }: { list: { filename: string; size: number }[] }) {
  if (list.length === 0) return null;
  let total = 0;
  const fits: typeof list = [];
  const over: typeof list = [];
  for (const a of list) {
    if (total + a.size <= FORWARD_ATTACHMENT_CAP) {
      total += a.size;
      fits.push(a);
    } else over.push(a);
  }
  const names = (l: typeof list) => l.map((a) => `${a.filename} (${formatSize(a.size)})`).join(', ');
  return (
    <>
      {fits.length > 0 && <p class="forward-attachments">{t('forwardAttachments', names(fits))}</p>}
      {over.length > 0 && (
        <p class="forward-attachments" role="note">
          {t('attachmentsLeftOut', names(over))}
        </p>
      )}
    </>
  );
}
