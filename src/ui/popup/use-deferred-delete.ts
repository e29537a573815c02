import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { MessageRef } from '../../protocol/model';

/** How long "Undo" is offered after a delete. */
export const UNDO_MS = 5000;

interface Pending {
  key: string;
  ref: MessageRef;
  label: string;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Delete with undo. The outbox has no way to take an action back once queued, so the popup holds
 * a delete for `delayMs` (the row is hidden at once) and queues it when the time is up, when the
 * next delete comes, or when the popup closes (pagehide) — whichever is first.
 */
export function useDeferredDelete(commit: (ref: MessageRef) => void, delayMs: number = UNDO_MS) {
  const [pending, setPending] = useState<Pending | undefined>();
  const pendingRef = useRef<Pending | undefined>();
  const commitRef = useRef(commit);
  commitRef.current = commit;

  const flush = useCallback(() => {
    const p = pendingRef.current;
    if (!p) return;
    clearTimeout(p.timer);
    pendingRef.current = undefined;
    setPending(undefined);
    commitRef.current(p.ref);
  }, []);

  const schedule = useCallback(
    (key: string, ref: MessageRef, label: string) => {
      flush();
      const timer = setTimeout(flush, delayMs);
      pendingRef.current = { key, ref, label, timer };
      setPending(pendingRef.current);
    },
    [flush, delayMs],
  );

  const undo = useCallback(() => {
    const p = pendingRef.current;
    if (!p) return;
    clearTimeout(p.timer);
    pendingRef.current = undefined;
    setPending(undefined);
  }, []);

  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  return { pending, schedule, undo, flush };
}
