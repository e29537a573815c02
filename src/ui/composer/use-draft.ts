/**
 * The draft a composer edits: loaded from IndexedDB, saved back shortly after each change and at
 * once when the page hides (a popup closes without warning), and refreshed when the background
 * changes its send state. The fields being typed are never overwritten by a refresh.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { onStoreChanged } from '../../messaging/client';
import { getDraft, updateDraft, type DraftRecord } from '../../store/drafts';

export type EditableField = 'accountId' | 'to' | 'cc' | 'bcc' | 'subject' | 'text';
type Edits = Partial<Pick<DraftRecord, EditableField>>;

const SAVE_DELAY_MS = 300;

export function useDraft(draftId: string) {
  const [draft, setDraft] = useState<DraftRecord | undefined>();
  const [missing, setMissing] = useState(false);
  const pending = useRef<Edits>({});
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const save = async () => {
    clearTimeout(timer.current);
    const edits = pending.current;
    pending.current = {};
    if (Object.keys(edits).length === 0) return;
    // A draft that is being sent or was sent is not edited behind the send's back.
    await updateDraft(draftId, (d) => (d.status === 'editing' || d.status === 'failed' ? edits : undefined));
  };

  useEffect(() => {
    let live = true;
    const load = () =>
      void getDraft(draftId).then((stored) => {
        if (!live) return;
        if (!stored) return setMissing(true);
        // Keep what is typed but not saved yet on top of the stored record.
        setDraft({ ...stored, ...pending.current });
      });
    load();
    const off = onStoreChanged((stores) => stores.includes('drafts') && load());
    const onHide = () => void save();
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      live = false;
      off();
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      void save();
    };
  }, [draftId]);

  const edit = (edits: Edits) => {
    pending.current = { ...pending.current, ...edits };
    setDraft((d) => (d ? { ...d, ...edits } : d));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), SAVE_DELAY_MS);
  };

  return { draft, missing, edit, save };
}
