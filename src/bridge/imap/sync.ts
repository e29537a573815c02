/**
 * Snapshots and deltas of watched mailboxes over the "work" connection.
 *
 * A snapshot is the full picture (counts + newest unread headers). A delta uses CONDSTORE and
 * QRESYNC (RFC 7162): `UID FETCH 1:* (FLAGS) (CHANGEDSINCE <modseq> VANISHED)` returns only what
 * changed since the last sync — new UIDs (added), flag changes, and expunged UIDs as
 * `VANISHED (EARLIER)` — so a reconnect costs the changes, not the mailbox. A changed
 * UIDVALIDITY (RFC 9051 §2.3.1.1) voids everything and yields a fresh snapshot. Without QRESYNC
 * every change falls back to a snapshot, which is still bounded by SNAPSHOT_SIZE.
 */
import type { ImapFlow } from 'imapflow';
import type { MailboxStatus } from '../../protocol';
import type { DriverContext } from '../accounts/driver';
import { fitSnapshot, fitsBudget } from '../native/event-budget';
import { toBridgeError } from './errors';
import { SNAPSHOT_SIZE, fetchHeaders, newestUnseenUids, visibleFlags } from './headers';
import { readQuota, readStatus } from './status';
import type { LockFn } from './work-lock';

interface MailboxState {
  uidValidity: string;
  modseq?: bigint;
  uidNext: number;
  last: MailboxStatus;
}

type Kind = 'snapshot' | 'delta';

/** What the sync engine needs from the driver. */
export interface SyncHost {
  accountId: string;
  ctx: DriverContext;
  /** The current work connection and its lock, or undefined while disconnected. */
  work(): { client: ImapFlow; lock: LockFn } | undefined;
  specialUseOf(path: string): string | undefined;
  /** False once the driver stopped: no events after stop(). */
  live(): boolean;
  /** Whether `path` is a watched mailbox (expunges elsewhere, e.g. in Trash, are not tracked). */
  isWatched(path: string): boolean;
}

export class MailboxSync {
  private readonly states = new Map<string, MailboxState>();
  /** UIDs reported expunged (VANISHED) on the work connection, not yet sent in a delta. */
  private readonly vanished = new Map<string, Set<number>>();
  private readonly pending = new Map<string, Kind>();
  private readonly active = new Map<string, Promise<void>>();

  constructor(private readonly host: SyncHost) {}

  /** Listen to a new work connection's expunge reports (QRESYNC gives UIDs, RFC 7162 §3.2.10). */
  attach(client: ImapFlow): void {
    client.on('expunge', (ev: { path: string; uid?: number; vanished?: boolean }) => {
      if (!this.host.isWatched(ev.path)) return;
      if (ev.vanished && ev.uid !== undefined) {
        const set = this.vanished.get(ev.path) ?? new Set<number>();
        set.add(ev.uid);
        this.vanished.set(ev.path, set);
      } else {
        // A sequence-number EXPUNGE cannot be mapped to a UID here: resend the whole picture.
        this.pending.set(ev.path, 'snapshot');
      }
    });
  }

  /** Whether we hold a sync point for `path` (a reconnect can then use a delta). */
  has(path: string): boolean {
    return this.states.has(path);
  }

  /**
   * Whether the server's STATUS of `path` differs from what was last synced: a change that no
   * sync has picked up yet (push-check.ts). False while a sync of `path` runs or waits (its result
   * is not in yet), and when there is no sync point or no connection to ask on.
   *
   * With a CONDSTORE sync point and `path` not selected on the work connection, one STATUS
   * answers it: every change to a mailbox, flags and \Deleted marks included, raises its
   * HIGHESTMODSEQ (RFC 7162 §3.1.6). Otherwise the mailbox is selected afresh so STATUS sees the
   * server's state (work-lock.ts) and the \Deleted marks, which STATUS does not count, are
   * searched as a sync would.
   */
  async unsynced(path: string): Promise<boolean> {
    const state = this.states.get(path);
    const work = this.host.work();
    if (!state || !work || this.active.has(path) || this.pending.has(path)) return false;
    const selected = work.client.mailbox !== false && work.client.mailbox?.path === path;
    const byModseq =
      state.modseq !== undefined && !selected ? await this.modseqMoved(work.client, path, state) : undefined;
    const differs = byModseq ?? (await this.statusMoved(work, path, state));
    return differs && !this.active.has(path) && !this.pending.has(path);
  }

  /**
   * STATUS alone, for a mailbox not selected on the work connection, against a CONDSTORE point;
   * undefined when the answer carries no HIGHESTMODSEQ to compare.
   */
  private async modseqMoved(client: ImapFlow, path: string, state: MailboxState): Promise<boolean | undefined> {
    const st = await client.status(path, { messages: true, uidValidity: true, uidNext: true, highestModseq: true });
    if (!st || st.highestModseq === undefined) return undefined;
    return (
      String(st.uidValidity ?? 0) !== state.uidValidity ||
      (st.messages ?? 0) !== state.last.total ||
      (st.uidNext ?? 0) > state.uidNext ||
      st.highestModseq !== state.modseq
    );
  }

  /** STATUS and the \Deleted marks of `path`, selected afresh under the work lock. */
  private async statusMoved(
    work: { client: ImapFlow; lock: LockFn },
    path: string,
    state: MailboxState,
  ): Promise<boolean> {
    const lock = await work.lock(path, true);
    let st;
    try {
      st = await readStatus(work.client, path, this.host.specialUseOf(path), false);
    } finally {
      lock.release();
    }
    // Field by field, not the whole status: quota is the account's storage, which mail for other
    // folders changes too, and no push on this mailbox would ever announce that.
    const a = st.status;
    const b = state.last;
    return (
      a.uidValidity !== b.uidValidity ||
      a.total !== b.total ||
      a.unseen !== b.unseen ||
      (a.deleted ?? 0) !== (b.deleted ?? 0) ||
      st.uidNext > state.uidNext ||
      (st.modseq !== undefined && state.modseq !== undefined && st.modseq !== state.modseq)
    );
  }

  /**
   * Ask for a sync of `path`. Requests while one runs are coalesced into one more run; a
   * snapshot request wins over a delta. Never rejects: failures are logged.
   */
  request(path: string, kind: Kind): Promise<void> {
    const prev = this.pending.get(path);
    this.pending.set(path, prev === 'snapshot' || kind === 'snapshot' ? 'snapshot' : 'delta');
    let run = this.active.get(path);
    if (!run) {
      run = this.drain(path).finally(() => this.active.delete(path));
      this.active.set(path, run);
    }
    return run;
  }

  private async drain(path: string): Promise<void> {
    let kind: Kind | undefined;
    while ((kind = this.pending.get(path)) !== undefined) {
      this.pending.delete(path);
      const work = this.host.work();
      if (!work || !this.host.live()) return;
      try {
        if (kind === 'snapshot') await this.snapshot(work.client, work.lock, path);
        else await this.delta(work.client, work.lock, path);
      } catch (err) {
        const be = toBridgeError(err);
        this.host.ctx.log.warn(`sync of ${path} failed`, {
          accountId: this.host.accountId,
          code: be.code,
          reason: be.message,
        });
        // A request that came in while this run failed (e.g. the mailbox was deleted, then made
        // again and mail delivered) is still owed a run: the loop goes on while one is pending.
        // A failure with nothing pending ends it, so a broken mailbox cannot spin.
      }
    }
  }

  private async snapshot(client: ImapFlow, lockFn: LockFn, path: string): Promise<void> {
    const lock = await lockFn(path, true);
    let result;
    try {
      const st = await readStatus(client, path, this.host.specialUseOf(path), false);
      const exists = client.mailbox ? client.mailbox.exists : st.status.total;
      const uids = await newestUnseenUids(client, exists, SNAPSHOT_SIZE);
      const messages = await fetchHeaders(client, uids);
      result = { st, messages };
    } finally {
      lock.release();
    }
    const { st, messages } = result;
    this.keepQuota(path, st.status);
    // A message newer than our STATUS arrived meanwhile: its counts come with the next delta.
    if (messages.some((m) => Number(m.uid) >= st.uidNext)) this.pending.set(path, 'delta');
    this.states.set(path, {
      uidValidity: st.status.uidValidity,
      modseq: st.modseq,
      uidNext: st.uidNext,
      last: st.status,
    });
    this.vanished.delete(path);
    if (this.host.live()) {
      // Cut to the 1 MB message limit (oldest headers go, `truncated` says so) instead of dropped.
      const data = fitSnapshot({ accountId: this.host.accountId, mailbox: st.status, messages });
      this.host.ctx.emit('mailbox.snapshot', data);
    }
    await this.refreshQuota(client, path);
  }

  /** The quota last read for `path` goes with `status` until refreshQuota reads a new one. */
  private keepQuota(path: string, status: MailboxStatus): void {
    const quota = this.states.get(path)?.last.quota;
    if (quota) status.quota = quota;
  }

  /**
   * Quota after the counts and headers are sent, so the list never waits for it: a changed
   * quota goes out as a delta with no message changes. No lock: GETQUOTAROOT does not touch
   * the selection, and imapflow queues it behind the commands before it.
   */
  private async refreshQuota(client: ImapFlow, path: string): Promise<void> {
    const quota = await readQuota(client, path);
    const state = this.states.get(path);
    if (!quota || !state || JSON.stringify(quota) === JSON.stringify(state.last.quota)) return;
    state.last = { ...state.last, quota };
    if (this.host.live()) {
      this.host.ctx.emit('mailbox.delta', {
        accountId: this.host.accountId,
        mailbox: state.last,
        added: [],
        removed: [],
        flags: [],
      });
    }
  }

  private async delta(client: ImapFlow, lockFn: LockFn, path: string): Promise<void> {
    const state = this.states.get(path);
    if (!state || state.modseq === undefined || !client.enabled.has('QRESYNC')) {
      return this.snapshot(client, lockFn, path);
    }
    const lock = await lockFn(path, true);
    let out;
    try {
      const st = await readStatus(client, path, this.host.specialUseOf(path), false);
      this.keepQuota(path, st.status);
      if (st.status.uidValidity !== state.uidValidity || st.modseq === undefined) {
        out = 'snapshot' as const;
      } else if (st.modseq === state.modseq && !this.vanished.get(path)?.size) {
        out = { st, changed: [], added: [] };
      } else if ((client.mailbox ? client.mailbox.exists : st.status.total) === 0) {
        // Nothing left to FETCH; VANISHED needs a FETCH to ride on. An empty snapshot is tiny.
        out = 'snapshot' as const;
      } else {
        const changed = await client.fetchAll(
          '1:*',
          { uid: true, flags: true },
          { uid: true, changedSince: state.modseq },
        );
        const newUids = changed.filter((m) => m.uid >= state.uidNext).map((m) => m.uid);
        const added = await fetchHeaders(client, newUids.sort((a, b) => b - a).slice(0, SNAPSHOT_SIZE));
        out = { st, changed, added };
      }
    } finally {
      lock.release();
    }
    if (out === 'snapshot') return this.snapshot(client, lockFn, path);
    const { st, changed, added } = out;
    // The next CHANGEDSINCE starts at the STATUS modseq. Changes the FETCH saw beyond it (made
    // between the two commands) are not in our counts yet: sync once more; the replay of their
    // flags is harmless.
    const modseq = st.modseq ?? state.modseq;
    let uidNext = Math.max(st.uidNext, state.uidNext);
    for (const m of changed) {
      if (m.modseq !== undefined && m.modseq > modseq) this.pending.set(path, 'delta');
      if (m.uid >= uidNext) uidNext = m.uid + 1;
    }
    const flags = changed
      .filter((m) => m.uid < state.uidNext)
      .map((m) => ({ uid: String(m.uid), flags: visibleFlags(m.flags) }));
    const removed = [...(this.vanished.get(path) ?? [])].map(String);
    this.vanished.delete(path);
    const countsChanged = JSON.stringify(st.status) !== JSON.stringify(state.last);
    this.states.set(path, { uidValidity: state.uidValidity, modseq, uidNext, last: st.status });
    if (this.host.live() && (added.length || removed.length || flags.length || countsChanged)) {
      const data = { accountId: this.host.accountId, mailbox: st.status, added, removed, flags };
      // A delta too large for one message cannot be cut (the changes would be lost): the snapshot
      // that replaces it carries the whole picture within the budget.
      if (!fitsBudget(data)) return this.snapshot(client, lockFn, path);
      this.host.ctx.emit('mailbox.delta', data);
    }
    await this.refreshQuota(client, path);
  }
}
