/**
 * What the composer's buttons do: Send (save first, then queue through the background, which
 * answers after the first try), Back (save; a sent draft is forgotten) and Discard.
 */
import { useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import { deleteDraft, type DraftStatus } from '../../store/drafts';

export function useSendActions(draftId: string, status: DraftStatus, save: () => Promise<void>, onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<string>();
  const send = async (uncertain?: 'resend' | 'markSent') => {
    setBusy(true);
    setSendError(undefined);
    try {
      await save();
      await sendToBackground('draft.send', { draftId, ...(uncertain ? { uncertain } : {}) });
    } catch (e) {
      setSendError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const close = async () => {
    await save();
    if (status === 'sent') await deleteDraft(draftId);
    onClose();
  };
  const discard = async () => {
    await deleteDraft(draftId);
    onClose();
  };
  return { send, close, discard, busy, sendError };
}
