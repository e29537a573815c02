import { useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { MessageAction, MessageRef } from '../../protocol/model';
import type { MessageView } from '../../store/queries';
import type { AccountView } from '../../protocol/model';
import { isFlagged, supportedActions } from './account-features';
import type { ActionTargetState } from './ActionButtons';
import { useUndoableRemoval, type Removal } from './use-undoable-removal';

export function toRef(m: MessageView): MessageRef {
  return { accountId: m.accountId, mailbox: m.mailbox, uidValidity: m.uidValidity, uid: m.uid };
}

const REMOVALS: ReadonlySet<MessageAction> = new Set<MessageAction>(['delete', 'archive', 'junk']);

/** What the read and flag toggles do for a set of messages: read when any is unread, flag unless all are. */
export function readToggle(targets: readonly MessageView[]): MessageAction {
  return targets.some((m) => m.unread) ? 'markRead' : 'markUnread';
}
export function flagToggle(targets: readonly MessageView[]): MessageAction {
  return targets.length > 0 && targets.every((m) => isFlagged(m.flags)) ? 'unflag' : 'flag';
}

/** What the action buttons show for `targets`: any unread, all flagged, what their accounts support. */
export function targetState(
  targets: readonly MessageView[],
  accountOf: (id: string) => AccountView | undefined,
): ActionTargetState {
  return {
    unread: targets.some((m) => m.unread),
    flagged: targets.length > 0 && targets.every((m) => isFlagged(m.flags)),
    supported: new Set(targets.flatMap((m) => [...supportedActions(accountOf(m.accountId))])),
  };
}

interface Options {
  accountOf: (id: string) => AccountView | undefined;
  onError: (error: unknown) => void;
  /** Called with the keys that leave the list (removals), before they are queued. */
  onLeave: (keys: readonly string[]) => void;
  undoMs?: number;
}

/**
 * Acting on one message or a selection. Exactly the messages given are acted on, and only with
 * actions their accounts support (POP3 has no archive, junk or flags). Removals are held for undo
 * and all taken back by one "Undo"; the other actions go to the outbox at once.
 */
export function useMessageActions({ accountOf, onError, onLeave, undoMs }: Options) {
  const removal = useUndoableRemoval(onError, undoMs);
  // Rows removed in this popup stay out of the list until the store drops them too (the outbox
  // hides them there once queued), even after the undo offer moved on to a later removal.
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const act = (targets: readonly MessageView[], action: MessageAction) => {
    const able = targets.filter((m) => supportedActions(accountOf(m.accountId)).has(action));
    if (able.length === 0) return;
    const refs = able.map(toRef);
    if (REMOVALS.has(action)) {
      const keys = able.map((m) => m.key);
      onLeave(keys);
      setGone((g) => new Set([...g, ...keys]));
      removal.schedule(keys, refs, action as Removal);
    } else if (refs.length === 1) {
      sendToBackground('performAction', { ref: refs[0], action }).catch(onError);
    } else {
      sendToBackground('performActions', { refs, action }).catch(onError);
    }
  };
  /** Takes the last removal back; rows restored come back into the list. */
  const undo = async () => {
    const keys = removal.pending?.keys ?? [];
    const result = await removal.undo();
    if (result.restored > 0) {
      setGone((g) => new Set([...g].filter((k) => !keys.includes(k))));
    }
    return result;
  };
  return { act, removal, gone, undo };
}
