/**
 * Mailbox locks on the work connection that always see the server's current state.
 *
 * imapflow's `getMailboxLock` skips SELECT when the mailbox is already selected. But a selected
 * mailbox is a session view that Dovecot updates only when a command syncs it, STATUS on it
 * answers from that view ("[CLIENTBUG] Status on selected mailbox"), and a mailbox deleted and
 * recreated by another client stays the old one until re-selected. So when a lock would reuse an
 * old selection, we SELECT again (RFC 9051 §6.3.2: SELECT of the selected mailbox is allowed and
 * reports its state afresh). All work-connection commands go through these locks, one at a time.
 */
import type { ImapFlow } from 'imapflow';

export interface HeldLock {
  release(): void;
}

export type LockFn = (path: string, readOnly: boolean) => Promise<HeldLock>;

/** A LockFn for `client`. */
export function freshLocks(client: ImapFlow): LockFn {
  let opens = 0;
  let opensAtRelease = -1;
  client.on('mailboxOpen', () => {
    opens += 1;
  });
  return async (path, readOnly) => {
    const lock = await client.getMailboxLock(path, { readOnly });
    const release = () => {
      opensAtRelease = opens;
      lock.release();
    };
    try {
      // No SELECT since the previous lock was released: the lock reused that old selection.
      if (opens === opensAtRelease) await client.mailboxOpen(path, { readOnly });
    } catch (err) {
      release();
      throw err;
    }
    return { release };
  };
}
