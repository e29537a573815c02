/**
 * The POP3 account driver: polls the maildrop, keeps the virtual \Seen set, and reports the
 * one-mailbox model (INBOX, UIDVALIDITY "0", uid = UIDL) as snapshot and delta events.
 *
 * Every server session goes through one queue (POP3 locks the maildrop, RFC 1939 §8). A delete
 * rides on a poll session and is confirmed only by +OK to QUIT (RFC 1939 §6); until then the
 * caller's promise stays open, and a failure rejects it with a retryable error.
 */
import type {
  AccountDriver,
  Credential,
  DriverContext,
  MarkAllReadTarget,
  PageResult,
  PageTarget,
  StoredAccount,
} from '../accounts/driver';
import {
  BridgeError,
  ErrorCode,
  type MailboxStatus,
  type MessageAction,
  type MessageBody,
  type MessageRef,
} from '../../protocol';
import { backoffMs, pollIntervalMs } from './backoff';
import { bodyFromRetr } from './body';
import { fetchSession } from './fetch-session';
import { HeaderCache } from './header-cache';
import {
  checkRef,
  deltaOf,
  flagsFor,
  listedUpTo,
  newestUnread,
  olderUnread,
  statusOf,
  unreadWindow,
} from './mailbox-view';
import { EMPTY_MAIL, headerOf, parseMail } from './parse-mail';
import { pollSession, type PollResult, type RawPreview } from './poll';
import { previewSession } from './preview-session';
import { ReadState } from './read-state';
import { SerialQueue } from '../serial-queue';
import { openSession, type Pop3DriverOptions } from './session';
import type { Pop3Client } from './client';
import { stateForError, stopsRetrying } from '../../protocol/rules/account-state';

/** The caller of one pending delete, settled when the session carrying it ends. */
interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

export class Pop3Driver implements AccountDriver {
  private readonly queue = new SerialQueue();
  private readonly readState: ReadState;
  private readonly cache: HeaderCache;
  private loaded: Promise<void> | null = null;
  /** UIDLs after the last good poll, oldest first; null before the first. */
  private order: string[] | null = null;
  /** The read set as last reported to the extension (to spot another process's changes). */
  private reportedRead = new Set<string>();
  private needSnapshot = true;
  private readonly pendingDeletes = new Map<string, Waiter[]>();
  private queuedPoll: Promise<void> | null = null;
  private active: Pop3Client | null = null;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private state: string | undefined;
  /** Set by errors retrying cannot fix (auth, certificate): no polling until the account changes. */
  private halted: BridgeError | null = null;
  private stopped = false;
  /** Aborted by stop(): ends a session still connecting or logging in at once. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly account: StoredAccount,
    private readonly password: Credential,
    private readonly ctx: DriverContext,
    private readonly options: Pop3DriverOptions = {},
  ) {
    this.readState = new ReadState(ctx.stateDir);
    this.cache = new HeaderCache(ctx.stateDir);
  }

  start(): void {
    this.setState('connecting');
    this.poll().catch(() => undefined); // failures are reported through account.state
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopping.abort();
    this.active?.destroy();
    await this.queue.idle();
  }

  async resync(): Promise<void> {
    this.needSnapshot = true;
    await this.poll();
  }

  refresh(): Promise<void> {
    return this.poll();
  }

  async fetch(ref: MessageRef): Promise<MessageBody> {
    checkRef(ref);
    const raw = await this.queue.run(() => this.withClient('fetch', (client) => fetchSession(client, ref.uid)));
    await this.load();
    await this.readState.load();
    const fallbackDate = this.cache.get(ref.uid)?.date ?? new Date().toISOString();
    return bodyFromRetr(ref, raw.data, raw.truncated, raw.size, flagsFor(this.readState.has(ref.uid)), fallbackDate);
  }

  async act(ref: MessageRef, action: MessageAction, _actionId: string): Promise<MailboxStatus> {
    checkRef(ref);
    if (action === 'markRead' || action === 'markUnread') return this.setSeen(ref.uid, action === 'markRead');
    if (action === 'delete') return this.delete(ref.uid);
    throw new BridgeError(ErrorCode.Unsupported, `POP3 has no ${action} (RFC 1939 keeps no folders or flags)`);
  }

  async purge(_mailbox: string): Promise<MailboxStatus> {
    // DELE is applied at QUIT already; there is nothing marked and waiting to be expunged.
    if (!this.order) await this.poll();
    return this.status();
  }

  /**
   * Mark read the messages the user saw: every UIDL listed up to the latest of `upToUidls` the
   * maildrop still has (all listed, without it). UIDLs are opaque strings (RFC 1939 §7), so
   * `upToUid` means nothing here; the maildrop's order is what tells earlier mail from later, and
   * a request replayed after the bridge was away leaves what arrived meanwhile unread.
   */
  async markAllRead(target: MarkAllReadTarget, _actionId: string): Promise<MailboxStatus> {
    checkRef(target);
    // Without a first poll there is no list to mark: a failed poll rejects, and the outbox retries.
    if (!this.order) await this.poll();
    // In the queue, after any running poll: "listed" means that poll's listing.
    return this.queue.run(async () => {
      if (!this.order) throw new BridgeError(ErrorCode.ConnectionFailed, 'the maildrop has not been listed yet');
      const covered = listedUpTo(this.order, target.upToUidls);
      if (!covered) {
        throw new BridgeError(ErrorCode.MessageGone, 'none of the messages to mark read is in the maildrop any more');
      }
      await this.readState.addAll(covered);
      return this.reportFlags();
    });
  }

  /**
   * Older unread headers from the last listing. Messages without a cached preview are TOPped in
   * one read-only session; their headers join the cache, so the next page or a restart reuses them.
   */
  async page(target: PageTarget): Promise<PageResult> {
    checkRef(target);
    if (!this.order) await this.poll();
    return this.queue.run(async () => {
      await this.load();
      await this.readState.load();
      const isRead = (uid: string) => this.readState.has(uid);
      const { uids, more } = olderUnread(this.order ?? [], isRead, target.before, target.limit);
      const missing = uids.filter((uid) => !this.cache.get(uid));
      if (missing.length > 0) {
        const lines = this.options.previewLines ?? 20;
        const previews = await this.withClient('page', (client) => previewSession(client, missing, lines));
        await this.cachePreviews(previews);
        await this.cache.save();
      }
      const messages = uids.flatMap((uid) => {
        const h = this.cache.get(uid);
        return h ? [{ ...h, flags: flagsFor(false) }] : [];
      });
      return { mailbox: this.status(), messages, more };
    });
  }

  private async cachePreviews(previews: readonly RawPreview[]): Promise<void> {
    for (const p of previews) {
      // A preview that does not parse still gets an (empty) entry, or it would be TOPped again
      // at every poll.
      const email = await parseMail(p.data).catch(() => EMPTY_MAIL);
      this.cache.put(headerOf(p.uid, email, p.size, [], new Date().toISOString()));
    }
  }

  /** Poll now; joins a poll that is queued and not yet started. */
  private poll(): Promise<void> {
    if (this.halted) return Promise.reject(this.halted);
    if (this.queuedPoll) return this.queuedPoll;
    const run = this.queue.run(async () => {
      this.queuedPoll = null;
      // Deletes asked for from here on ride on the next session.
      const deletes = [...this.pendingDeletes.keys()];
      const waiters = deletes.flatMap((uid) => this.takeWaiters(uid));
      try {
        await this.load();
        // Read before the session opens: a UIDL read by then was in the maildrop the session
        // lists, so if the listing lacks it, it is gone (see apply).
        await this.readState.load();
        const known = this.readState.snapshot();
        await this.withClient('poll', async (client) => {
          const result = await pollSession(client, {
            deletes,
            deleteRead: this.account.leaveOnServer === false,
            isRead: (uid) => this.readState.has(uid),
            needsPreview: (uid) => !this.cache.get(uid),
            previewLines: this.options.previewLines ?? 20,
            hooks: this.options.hooks,
          });
          await this.apply(result, known);
        });
      } catch (err) {
        // Nothing was deleted: no +OK to QUIT, or RSET before it (poll.ts). Tell the outbox to
        // retry, unless retrying is futile.
        const fatal = err instanceof BridgeError && stopsRetrying(err.code);
        const retry = new BridgeError(
          ErrorCode.ConnectionFailed,
          `delete not applied: ${err instanceof Error ? err.message : String(err)}`,
        );
        for (const w of waiters) w.reject(fatal ? err : retry);
        throw err;
      }
      for (const w of waiters) w.resolve();
    });
    this.queuedPoll = run;
    run.then(
      () => this.schedule(pollIntervalMs(this.account.pollIntervalSec)),
      () => this.schedule(backoffMs(this.failures)),
    );
    return run;
  }

  /**
   * Fold a finished poll into the model and tell the extension what changed, including read
   * state the other browser's bridge changed in the shared file.
   */
  private async apply(result: PollResult, known: ReadonlySet<string>): Promise<void> {
    const onServer = new Set(result.order);
    // Forget only UIDLs this listing saw vanish. One the file gained later (the other bridge
    // marked mail that arrived after this session opened) is on the server, just not listed here.
    const vanished = new Set([...known, ...(this.order ?? [])].filter((uid) => !onServer.has(uid)));
    await this.readState.forget(vanished);
    await this.cachePreviews(result.previews);
    // Never evict the headers the snapshot shows, or every poll would TOP them again.
    this.cache.prune(result.order, new Set(unreadWindow(result.order, (u) => this.readState.has(u))));
    await this.cache.save();
    const previous = this.order;
    this.order = result.order;
    const isRead = (uid: string) => this.readState.has(uid);
    const mailbox = this.status();
    if (this.needSnapshot || !previous) {
      this.needSnapshot = false;
      const messages = newestUnread(result.order, isRead, this.cache);
      this.emit('mailbox.snapshot', { accountId: this.account.id, mailbox, messages });
    } else {
      const delta = deltaOf(previous, result.order, this.reportedRead, isRead, this.cache);
      if (delta) this.emit('mailbox.delta', { accountId: this.account.id, mailbox, ...delta });
    }
    this.reportedRead = this.readState.snapshot();
  }

  private async setSeen(uid: string, seen: boolean): Promise<MailboxStatus> {
    // The change is local and must not wait for the server; a first poll only fills in counts.
    // Not in the session queue either: ReadState applies it as a delta to the file, which a
    // running poll cannot undo, and the mark need not wait for a slow or unreachable server.
    if (!this.order) await this.poll().catch(() => undefined);
    await this.readState.set(uid, seen);
    return this.reportFlags();
  }

  /**
   * Tell the extension every listed message whose read state differs from what it was last told:
   * this process's change and whatever the re-read brought from the other process.
   */
  private reportFlags(): MailboxStatus {
    const status = this.status();
    const flags = (this.order ?? [])
      .filter((uid) => this.reportedRead.has(uid) !== this.readState.has(uid))
      .map((uid) => ({ uid, flags: flagsFor(this.readState.has(uid)) }));
    this.reportedRead = this.readState.snapshot();
    if (flags.length) {
      this.emit('mailbox.delta', { accountId: this.account.id, mailbox: status, added: [], removed: [], flags });
    }
    return status;
  }

  private delete(uid: string): Promise<MailboxStatus> {
    if (this.halted) return Promise.reject(this.halted);
    if (this.stopped) return Promise.reject(new BridgeError(ErrorCode.ConnectionFailed, 'account is stopping'));
    const done = new Promise<void>((resolve, reject) => {
      const list = this.pendingDeletes.get(uid) ?? [];
      list.push({ resolve, reject });
      this.pendingDeletes.set(uid, list);
    });
    this.poll().catch(() => undefined); // the waiter carries the outcome
    return done.then(() => this.status());
  }

  private takeWaiters(uid: string): Waiter[] {
    const list = this.pendingDeletes.get(uid) ?? [];
    this.pendingDeletes.delete(uid);
    return list;
  }

  /**
   * One server session (the caller runs it inside the queue): connect, do `work`, and keep
   * the account state and the failure count up to date. Logs time and bytes of each session.
   */
  private async withClient<T>(kind: string, work: (client: Pop3Client) => Promise<T>): Promise<T> {
    if (this.stopped) throw new BridgeError(ErrorCode.ConnectionFailed, 'account is stopping');
    if (this.halted) throw this.halted;
    const started = performance.now();
    let client: Pop3Client | null = null;
    try {
      client = await openSession(this.account, this.password, this.options, this.stopping.signal);
      this.active = client;
      this.setState('connected');
      const result = await work(client);
      this.failures = 0;
      this.ctx.log.info(`pop3 ${kind}`, {
        accountId: this.account.id,
        ms: Math.round(performance.now() - started),
        bytesRead: client.bytes.read,
        bytesWritten: client.bytes.written,
        total: this.order?.length,
      });
      return result;
    } catch (err) {
      this.noteFailure(err);
      throw err;
    } finally {
      this.active = null;
      client?.destroy();
    }
  }

  private noteFailure(err: unknown): void {
    if (this.stopped) return;
    const e = err instanceof BridgeError ? err : new BridgeError(ErrorCode.Internal, String(err));
    if (e.code === ErrorCode.MessageGone) return; // the session itself was fine
    this.failures++;
    if (stopsRetrying(e.code)) this.halted = e;
    this.setState(stateForError(e.code), e.message);
    this.ctx.log.warn('pop3 session failed', { accountId: this.account.id, code: e.code, reason: e.message });
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped || this.halted) return;
    this.timer = setTimeout(() => this.poll().catch(() => undefined), delayMs);
    this.timer.unref();
  }

  private status(): MailboxStatus {
    return statusOf(this.order ?? [], (uid) => this.readState.has(uid));
  }

  private load(): Promise<void> {
    this.loaded ??= this.cache.load();
    return this.loaded;
  }

  private setState(state: Parameters<DriverContext['setState']>[0], detail?: string): void {
    if (this.stopped || (state === this.state && state === 'connected')) return;
    this.state = state;
    this.ctx.setState(state, detail);
  }

  private emit: DriverContext['emit'] = (type, data) => {
    if (!this.stopped) this.ctx.emit(type, data);
  };
}
