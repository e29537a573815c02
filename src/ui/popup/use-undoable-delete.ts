import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { MessageRef } from '../../protocol/model';

/** How long "Undo" is offered after a delete (the background holds the delete this long). */
export const UNDO_MS = 5000;

interface Pending {
  key: string;
  /** Resolves to the outbox's actionId once the background has queued the delete. */
  actionId: Promise<string | undefined>;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Delete with undo. The delete goes into the outbox at once, held back for `holdMs` before it is
 * sent: the badge and the list drop the message straight away, and closing the popup loses
 * nothing. "Undo" asks the background to take the delete back while it still waits there.
 */
export function useUndoableDelete(onError: (error: unknown) => void, holdMs: number = UNDO_MS) {
  const [pending, setPending] = useState<Pending | undefined>();
  const pendingRef = useRef<Pending | undefined>();
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const clear = useCallback(() => {
    if (pendingRef.current) clearTimeout(pendingRef.current.timer);
    pendingRef.current = undefined;
    setPending(undefined);
  }, []);

  const schedule = useCallback(
    (key: string, ref: MessageRef) => {
      clear();
      const actionId = sendToBackground('performAction', { ref, action: 'delete', holdMs }).then(
        (r) => r.actionId,
        (error: unknown) => {
          onErrorRef.current(error);
          return undefined;
        },
      );
      const next: Pending = { key, actionId, timer: setTimeout(clear, holdMs) };
      pendingRef.current = next;
      setPending(next);
    },
    [clear, holdMs],
  );

  /** Takes the delete back. Resolves false when it was too late (already sent) or never queued. */
  const undo = useCallback(async (): Promise<boolean> => {
    const p = pendingRef.current;
    if (!p) return false;
    clearTimeout(p.timer);
    const actionId = await p.actionId;
    // Hide the bar only now, so the row does not blink out and back while the cancel runs.
    if (pendingRef.current === p) clear();
    if (!actionId) return false;
    const { cancelled } = await sendToBackground('cancelAction', { actionId });
    return cancelled;
  }, [clear]);

  useEffect(() => () => clearTimeout(pendingRef.current?.timer), []);

  return { pending, schedule, undo };
}
