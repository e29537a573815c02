/**
 * Runs the outbox: every user action is stored (with a fresh actionId) and applied to the cache
 * before anything is sent, then sent to the bridge in order, and removed only on the bridge's
 * confirmation. While the bridge is away nothing is sent and nothing is counted as an attempt; on
 * reconnect `flush()` replays the queue: each account's actions in order, one at a time, and the
 * accounts side by side (the bridge serves each account on its own connection, so one slow or
 * unreachable server never holds back another's actions). The same actionId is reused for every
 * attempt, so a resend after a lost reply is a no-op on the bridge.
 *
 * Failures: retryable (or a sign-in/TLS problem the user can fix) → the action stays, retried with
 * backoff, and later actions of the same account wait behind it to keep order; when the account
 * (or the bridge) comes back, `retryNow()` sends them at once instead of after the backoff; permanent
 * (e.g. MESSAGE_GONE, MAILBOX_CHANGED) → the action is dropped, its optimistic effect undone, a
 * resync asked, and — unless the message is simply gone — the user told (`onDropped`).
 *
 * Undo: an action may be held (`holdMs`) before its first attempt; until it is sent, `cancel()`
 * removes it and its optimistic effect. Held actions keep their place in the account's order.
 *
 * "Mark all read" is one mailbox-level row (`markAllRead`, sent as `mailbox.markAllRead`), not one
 * row per cached message: the cache holds only the newest unread headers, the server may have many
 * more. It follows the same rules.
 */
import { ErrorCode } from '../protocol/errors';
import { MAX_ITEMS } from '../protocol/limits';
import type { MessageAction, MessageRef } from '../protocol/model';
import type { MailDb } from '../store/db';
import {
  cancelQueuedAction,
  confirmAction,
  deferAction,
  dropAction,
  enqueueAction,
  listOutbox,
  releaseRetries,
} from '../store/outbox';
import type { OutboxAction, OutboxRecord, StoreName } from '../store/schema';
import { backoffDelay } from '../protocol/rules/backoff';
import type { BridgeApi, Clock } from './bridge-api';
import { BridgeRequestError } from './bridge-client';

/** Codes the user (not time) fixes: keep the action instead of losing it. */
const HELD: ReadonlySet<string> = new Set([ErrorCode.AuthFailed, ErrorCode.TlsUntrusted]);

/**
 * The mailbox a "mark all read" covers and what the user saw of it: `upToUid`, the highest UID
 * (IMAP); `uidls`, the cached rows' UIDLs, newest first (POP3, whose UIDLs have no order).
 */
export interface MarkAllReadTarget {
  accountId: string;
  mailbox: string;
  uidValidity: string;
  upToUid?: string;
  uidls?: string[];
}

export interface OutboxRunnerOptions {
  db: () => Promise<MailDb>;
  bridge: BridgeApi;
  now?: Clock;
  newActionId?: () => string;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onChange?: (stores: StoreName[]) => void;
  /** Called after a permanent failure so the cache is corrected from the server. */
  requestResync?: (accountId: string) => void;
  /** Called when an action is given up for good, so the user learns it did not happen. */
  onDropped?: (entry: OutboxRecord, code: string, message: string) => void;
}

export class OutboxRunner {
  /** Each account's running drain; a flush while one runs makes it go once more. */
  private readonly draining = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly retryTimers = new Map<string, unknown>();
  /** Actions on their way to the bridge: too late to cancel. */
  private readonly sending = new Set<string>();
  private readonly now: Clock;

  constructor(private readonly options: OutboxRunnerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Stores the action, shows its effect at once, and starts sending (after `holdMs`, if given). */
  enqueue(ref: MessageRef, action: MessageAction, { holdMs = 0 } = {}): Promise<OutboxRecord> {
    return this.store(ref, action, holdMs);
  }

  /**
   * Queues "mark all read" for one mailbox: every message with a UID up to `upToUid` (IMAP), up to
   * the latest of `uidls` in the maildrop (POP3), or every message (without either). Cached rows
   * it covers show read at once.
   */
  enqueueMarkAllRead(target: MarkAllReadTarget): Promise<OutboxRecord> {
    const { accountId, mailbox, uidValidity, upToUid, uidls } = target;
    return this.store({ accountId, mailbox, uidValidity, uid: upToUid ?? '' }, 'markAllRead', 0, uidls);
  }

  private async store(ref: MessageRef, action: OutboxAction, holdMs: number, uidls?: string[]): Promise<OutboxRecord> {
    const id = (this.options.newActionId ?? (() => crypto.randomUUID()))();
    const now = this.now();
    const record = await enqueueAction(await this.options.db(), ref, action, id, now, now + holdMs, uidls);
    this.options.onChange?.(['outbox', 'messages']);
    void this.flush();
    return record;
  }

  /** Takes back an action not yet sent. False when it is being sent or already gone. */
  async cancel(actionId: string): Promise<boolean> {
    const db = await this.options.db();
    // Checked right before the store's transaction starts, with no await in between: the sender
    // re-reads the row after marking it, so one of the two always sees the other.
    if (this.sending.has(actionId)) return false;
    const cancelled = await cancelQueuedAction(db, actionId);
    if (cancelled) {
      this.options.onChange?.(['outbox', 'messages']);
      void this.flush(); // actions queued behind it may go now
    }
    return cancelled;
  }

  /**
   * The account (or every account, without an id) is reachable again: send its waiting actions
   * now rather than when their backoff ends.
   */
  async retryNow(accountId?: string): Promise<void> {
    await releaseRetries(await this.options.db(), accountId);
    await this.flush();
  }

  /** Sends what is due, every account's queue side by side; resolves when all have stopped. */
  async flush(): Promise<void> {
    try {
      const db = await this.options.db();
      const accounts = new Set((await listOutbox(db)).map((e) => e.ref.accountId));
      await Promise.all([...accounts].map((accountId) => this.flushAccount(db, accountId)));
    } catch (error: unknown) {
      console.warn('mailglance: outbox flush failed', error);
    }
  }

  /** Single flight per account: a call while its drain runs makes that drain go once more. */
  private flushAccount(db: MailDb, accountId: string): Promise<void> {
    const running = this.draining.get(accountId);
    if (running) {
      this.again.add(accountId);
      return running;
    }
    const run = (async () => {
      do {
        this.again.delete(accountId);
        const wakeAt = await this.drain(db, accountId);
        if (wakeAt !== undefined) this.wakeAt(accountId, wakeAt);
      } while (this.again.has(accountId));
    })()
      .catch((error: unknown) => console.warn('mailglance: outbox flush failed', error))
      .finally(() => this.draining.delete(accountId));
    this.draining.set(accountId, run);
    return run;
  }

  /**
   * Sends one account's due actions in order. Resolves with when to try again if its head action
   * must wait (held for undo, or backing off after a failure): later actions wait behind it.
   */
  private async drain(db: MailDb, accountId: string): Promise<number | undefined> {
    while (this.options.bridge.isConnected) {
      const entry = (await listOutbox(db)).find((e) => e.ref.accountId === accountId);
      if (!entry || entry.seq === undefined) return undefined;
      if (entry.nextAttemptAt !== undefined && entry.nextAttemptAt > this.now()) return entry.nextAttemptAt;
      const outcome = await this.send(db, entry, entry.seq);
      if (outcome === 'disconnected') return undefined;
      if (outcome !== 'done') return outcome.retryAt;
    }
    return undefined;
  }

  private async send(
    db: MailDb,
    entry: OutboxRecord,
    seq: number,
  ): Promise<'done' | 'disconnected' | { retryAt: number }> {
    this.sending.add(entry.actionId);
    try {
      if (!(await db.get('outbox', seq))) return 'done'; // cancelled since the queue was read
      const { mailbox } = await this.request(entry);
      await confirmAction(db, seq, mailbox, this.now());
      this.options.onChange?.(['outbox', 'messages', 'mailboxes']);
      return 'done';
    } catch (error) {
      const code = error instanceof BridgeRequestError ? error.code : ErrorCode.Internal;
      const retryable = error instanceof BridgeRequestError ? error.retryable : true;
      // The port went away mid-request: not the action's fault; replay on reconnect.
      if (code === ErrorCode.ConnectionFailed && !this.options.bridge.isConnected) return 'disconnected';
      if (retryable || HELD.has(code)) {
        const retryAt = this.now() + backoffDelay(entry.attempts, { baseMs: 1_000, maxMs: 5 * 60_000 });
        await deferAction(db, seq, `${code}: ${(error as Error).message}`, retryAt);
        this.options.onChange?.(['outbox']);
        return { retryAt };
      }
      console.warn(`mailglance: dropping ${entry.action} (${code}): ${(error as Error).message}`);
      await dropAction(db, seq);
      this.options.onChange?.(['outbox', 'messages']);
      this.options.requestResync?.(entry.ref.accountId);
      // A gone message needs no news (a flag change on mail deleted elsewhere); anything else the
      // user asked for and did not get must not vanish silently.
      if (code !== ErrorCode.MessageGone) this.options.onDropped?.(entry, code, (error as Error).message);
      return 'done';
    } finally {
      this.sending.delete(entry.actionId);
    }
  }

  private request(entry: OutboxRecord) {
    const { actionId, ref, action, uidls } = entry;
    if (action === 'markAllRead') {
      const { accountId, mailbox, uidValidity, uid } = ref;
      return this.options.bridge.request('mailbox.markAllRead', {
        actionId,
        accountId,
        mailbox,
        uidValidity,
        ...(uid ? { upToUid: uid } : {}),
        // The newest are enough: the bridge ends at the latest of them the maildrop still lists.
        ...(uidls?.length ? { upToUidls: uidls.slice(0, MAX_ITEMS.markAllReadUidls) } : {}),
      });
    }
    return this.options.bridge.request('message.action', { actionId, ref, action });
  }

  private wakeAt(accountId: string, at: number): void {
    const clear = this.options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    const set = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    clear(this.retryTimers.get(accountId));
    // In an MV3 worker this timer may die with the worker; the watchdog alarm flushes too.
    this.retryTimers.set(
      accountId,
      set(() => void this.flush(), Math.max(0, at - this.now())),
    );
  }
}
