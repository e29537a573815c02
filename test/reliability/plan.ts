/**
 * The 100 actions queued while offline: for each account, single actions on their own messages
 * and short sequences on one message whose final state depends on the order they are applied in.
 */
import type { MessageAction } from '../../src/protocol/model';

export interface FinalState {
  folder: 'INBOX' | 'Trash' | 'Archive';
  seen: boolean;
  flagged: boolean;
}

/** Per account: each entry is one message and the actions applied to it, in order (50 actions). */
export const PER_ACCOUNT: MessageAction[][] = [
  ...Array.from({ length: 11 }, (): MessageAction[] => ['markRead']),
  ...Array.from({ length: 10 }, (): MessageAction[] => ['flag']),
  ...Array.from({ length: 8 }, (): MessageAction[] => ['delete']),
  ...Array.from({ length: 8 }, (): MessageAction[] => ['archive']),
  ['flag', 'unflag', 'flag'],
  ['markRead', 'markUnread', 'markRead', 'markUnread'],
  ['flag', 'archive'],
  ['markRead', 'delete'],
  ['flag', 'markRead'],
];

/** What an unread, unflagged INBOX message looks like after `actions` (moves keep flags). */
export function finalState(actions: MessageAction[]): FinalState {
  const s: FinalState = { folder: 'INBOX', seen: false, flagged: false };
  for (const a of actions) {
    if (a === 'markRead') s.seen = true;
    else if (a === 'markUnread') s.seen = false;
    else if (a === 'flag') s.flagged = true;
    else if (a === 'unflag') s.flagged = false;
    else if (a === 'delete') s.folder = 'Trash';
    else if (a === 'archive') s.folder = 'Archive';
  }
  return s;
}
