/**
 * Mailbox locks on the work connection that always see the server's current state.
 *
 * imapflow's `getMailboxLock` skips SELECT when the mailbox is already selected. But a selected
 * mailbox is a session view that Dovecot updates only when a command syncs it, STATUS on it
 * answers from that view ("[CLIENTBUG] Status on selected mailbox"), and a mailbox deleted and
 * recreated by another client stays the old one until re-selected. So when a lock would reuse an
 * old selection, we SELECT again (RFC 9051 §6.3.2: SELECT of the selected mailbox is allowed and
 * reports its state afresh). All work-connection commands go through these locks, one at a time.
 *
 * `preselect` opens a mailbox ahead of its first lock (while the push connection logs in): that
 * lock then brings the selection up to date with a NOOP (RFC 9051 §6.1.2: the server reports
 * what changed meanwhile) instead of selecting again, which on a large mailbox costs the server
 * far more than a round trip.
 */
import type { ImapFlow } from 'imapflow';

export interface HeldLock {
  release(): void;
}

export type LockFn = (path: string, readOnly: boolean) => Promise<HeldLock>;

/** A LockFn that can also open a mailbox read-only before anyone locks it. */
export interface FreshLocks extends LockFn {
  preselect(path: string): Promise<void>;
}

/** A LockFn for `client`. */
export function freshLocks(client: ImapFlow): FreshLocks {
  let opens = 0;
  let opensAtRelease = -1;
  /** The `opens` count of a preselect no lock has used yet. */
  let preselected: number | undefined;
  client.on('mailboxOpen', () => {
    opens += 1;
  });
  const lockFn = async (path: string, readOnly: boolean) => {
    const lock = await client.getMailboxLock(path, { readOnly });
    const release = () => {
      opensAtRelease = opens;
      lock.release();
    };
    const early = preselected === opens;
    preselected = undefined;
    try {
      // No SELECT since the previous lock was released: the lock reused that old selection.
      if (opens === opensAtRelease) await client.mailboxOpen(path, { readOnly });
      // Selected by preselect, before this lock: NOOP brings the view up to date.
      else if (early) await client.noop();
    } catch (err) {
      release();
      throw err;
    }
    return { release };
  };
  const preselect = async (path: string) => {
    await client.mailboxOpen(path, { readOnly: true });
    preselected = opens;
  };
  return Object.assign(lockFn, { preselect });
}
