import { useEffect, useState } from 'preact/hooks';
import { onStoreChanged } from '../../messaging/client';
import { listDrafts, type DraftRecord } from '../../store/drafts';
import { t } from '../i18n';

interface Props {
  onOpen: (draftId: string) => void;
}

/** Drafts not sent yet (being written, waiting, failed, uncertain): one line each, to reopen. */
export function DraftsBanner({ onOpen }: Props) {
  const [drafts, setDrafts] = useState<DraftRecord[]>([]);
  useEffect(() => {
    let live = true;
    const load = () => void listDrafts().then((all) => live && setDrafts(all.filter((d) => d.status !== 'sent')));
    load();
    const off = onStoreChanged((stores) => stores.includes('drafts') && load());
    return () => {
      live = false;
      off();
    };
  }, []);
  if (drafts.length === 0) return null;
  return (
    <ul class="banner info drafts" aria-label={t('drafts')}>
      {drafts.map((d) => (
        <li key={d.id} data-status={d.status}>
          <button type="button" class="link" onClick={() => onOpen(d.id)}>
            {t(
              d.status === 'editing'
                ? 'draftEditing'
                : d.status === 'uncertain'
                  ? 'draftUncertain'
                  : d.status === 'failed'
                    ? 'draftFailed'
                    : 'draftWaiting',
              d.subject || t('noSubject'),
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
