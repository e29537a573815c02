import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { MessageRef } from '../../protocol/model';

/** How long "Undo" is offered after a removal (the background holds the actions this long). */
export const UNDO_MS = 5000;

/** Actions that take a message out of the list, and so can be undone while they wait. */
export type Removal = 'delete' | 'archive' | 'junk';

export interface PendingRemoval {
  keys: readonly string[];
  action: Removal;
  /** Resolves to the outbox's actionIds once the background has queued them. */
  actionIds: Promise<string[]>;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Delete, archive or junk with one undo, for one message or a selection. The actions go into the
 * outbox at once, held back for `holdMs` before they are sent: the badge and the list drop the
 * messages straight away, and closing the popup loses nothing. "Undo" asks the background to take
 * every one of them back while they still wait there.
 */
export function useUndoableRemoval(onError: (error: unknown) => void, holdMs: number = UNDO_MS) {
  const [pending, setPending] = useState<PendingRemoval | undefined>();
  const pendingRef = useRef<PendingRemoval | undefined>();
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const clear = useCallback(() => {
    if (pendingRef.current) clearTimeout(pendingRef.current.timer);
    pendingRef.current = undefined;
    setPending(undefined);
  }, []);

  const schedule = useCallback(
    (keys: readonly string[], refs: MessageRef[], action: Removal) => {
      clear();
      const actionIds = sendToBackground('performActions', { refs, action, holdMs }).then(
        (r) => r.actionIds,
        (error: unknown) => {
          onErrorRef.current(error);
          return [];
        },
      );
      const next: PendingRemoval = { keys, action, actionIds, timer: setTimeout(clear, holdMs) };
      pendingRef.current = next;
      setPending(next);
    },
    [clear, holdMs],
  );

  /**
   * Takes the removal back. Resolves with how many were restored and how many were asked for;
   * fewer restored means some were already sent (too late).
   */
  const undo = useCallback(async (): Promise<{ restored: number; of: number }> => {
    const p = pendingRef.current;
    if (!p) return { restored: 0, of: 0 };
    clearTimeout(p.timer);
    const actionIds = await p.actionIds;
    // Hide the bar only now, so the rows do not blink out and back while the cancel runs.
    if (pendingRef.current === p) clear();
    if (actionIds.length === 0) return { restored: 0, of: p.keys.length };
    const { cancelled } = await sendToBackground('cancelActions', { actionIds });
    return { restored: cancelled, of: p.keys.length };
  }, [clear]);

  useEffect(() => () => clearTimeout(pendingRef.current?.timer), []);

  return { pending, schedule, undo };
}
