/**
 * The IMAP AccountDriver: two connections per account — "push" (IDLE + NOTIFY, watch.ts) and
 * "work" (sync, actions, bodies, STATUS polling) — with reconnects on exponential backoff and
 * jitter. An authentication failure, an untrusted certificate or a refused plain-text login are
 * states of their own and stop retries until the account changes (the manager recreates the
 * driver then). Nothing here may throw into the process: every async path ends in a catch.
 */
import type { ImapFlow } from 'imapflow';
import {
  BridgeError,
  ErrorCode,
  type MailboxStatus,
  type MessageAction,
  type MessageBody,
  type MessageRef,
} from '../../protocol';
import type { AccountDriver, DriverContext, MarkAllReadTarget, StoredAccount } from '../accounts/driver';
import { applyAction, markMailboxRead, purgeMailbox } from './actions';
import { stateForError, stopsRetrying } from '../../protocol/rules/account-state';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../../protocol/rules/backoff';
import { DEFAULT_BODY_LIMITS, fetchBody, type BodyLimits } from './body';
import { openImap, type WireLogSink } from './connection';
import { toBridgeError } from './errors';
import { MailboxSync } from './sync';
import { openPush, type PushConnection } from './watch';
import { freshLocks, type LockFn } from './work-lock';

/** Knobs for tests and the CLI; production uses the defaults. */
export interface ImapDriverOptions {
  backoff?: BackoffOptions;
  bodyLimits?: BodyLimits;
  /** Re-IDLE period (RFC 2177: less than 29 minutes). */
  maxIdleMs?: number;
  /** Keep-alive NOOP on the work connection. */
  keepAliveMs?: number;
  /** STATUS polling period when the server has no NOTIFY; default account.pollIntervalSec (≥ 30 s). */
  pollIntervalMs?: number;
  /** Sees imapflow's log entries of both connections (tests count FETCH responses with it). */
  wireLog?: WireLogSink;
}

interface Session {
  work: ImapFlow;
  lock: LockFn;
  push: PushConnection;
  /** path → special-use flag, from LIST. */
  specialUse: Map<string, string>;
  timers: NodeJS.Timeout[];
}

/** imapflow's command runner; not in its typings (`noop()` wraps it and drops the result). */
interface RunInternals {
  run(command: string): Promise<unknown>;
}

export class ImapDriver implements AccountDriver {
  private running = false;
  private session?: Session;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private readonly sync: MailboxSync;
  private readonly watched: string[];

  constructor(
    private readonly account: StoredAccount,
    private readonly password: string | undefined,
    private readonly ctx: DriverContext,
    private readonly opts: ImapDriverOptions = {},
  ) {
    this.watched = account.watchedFolders?.length ? [...account.watchedFolders] : ['INBOX'];
    this.sync = new MailboxSync({
      accountId: account.id,
      ctx,
      work: () => (this.session ? { client: this.session.work, lock: this.session.lock } : undefined),
      specialUseOf: (p) => this.session?.specialUse.get(p),
      live: () => this.running,
      isWatched: (p) => this.watched.includes(p),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.ctx.setState('connecting');
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    const s = this.session;
    this.session = undefined;
    if (s) await this.closeSession(s);
  }

  async resync(): Promise<void> {
    this.requireSession();
    await Promise.all(this.watched.map((p) => this.sync.request(p, 'snapshot')));
  }

  async refresh(): Promise<void> {
    this.requireSession();
    await Promise.all(this.watched.map((p) => this.sync.request(p, 'delta')));
  }

  async fetch(ref: MessageRef): Promise<MessageBody> {
    const s = this.requireSession();
    return this.guard(() => fetchBody(s.work, s.lock, ref, this.opts.bodyLimits ?? DEFAULT_BODY_LIMITS));
  }

  async act(ref: MessageRef, action: MessageAction, _actionId: string): Promise<MailboxStatus> {
    const s = this.requireSession();
    return this.guard(async () => {
      const deleteMode = this.account.deleteMode ?? 'trash';
      const find = (use: string) => this.findSpecialUse(s, use);
      const status = await applyAction(s.work, s.lock, ref, action, deleteMode, find, s.specialUse.get(ref.mailbox));
      this.touch(ref.mailbox);
      return status;
    });
  }

  async purge(mailbox: string): Promise<MailboxStatus> {
    const s = this.requireSession();
    return this.guard(async () => {
      const status = await purgeMailbox(s.work, s.lock, mailbox, s.specialUse.get(mailbox));
      this.touch(mailbox);
      return status;
    });
  }

  async markAllRead(target: MarkAllReadTarget, _actionId: string): Promise<MailboxStatus> {
    const s = this.requireSession();
    return this.guard(async () => {
      const status = await markMailboxRead(s.work, s.lock, target, s.specialUse.get(target.mailbox));
      this.touch(target.mailbox);
      return status;
    });
  }

  private requireSession(): Session {
    if (!this.running || !this.session) {
      throw new BridgeError(ErrorCode.ConnectionFailed, 'not connected to the IMAP server');
    }
    return this.session;
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toBridgeError(err);
    }
  }

  /** After our own change the server will push too; asking now makes the delta prompt. */
  private touch(path: string): void {
    if (this.watched.includes(path)) void this.sync.request(path, 'delta');
  }

  private async findSpecialUse(s: Session, use: string): Promise<string | undefined> {
    const find = () => [...s.specialUse].find(([, u]) => u === use)?.[0];
    if (!find()) await this.loadFolders(s.work, s.specialUse);
    return find();
  }

  private async loadFolders(work: ImapFlow, into: Map<string, string>): Promise<void> {
    const list = await work.list();
    into.clear();
    for (const m of list) if (m.specialUse) into.set(m.path, m.specialUse);
  }

  private async connect(): Promise<void> {
    let work: ImapFlow | undefined;
    let push: PushConnection | undefined;
    // Declared before the callbacks that close over it; assigned in the same tick openPush resolves.
    let session: Session | undefined;
    try {
      const log = this.ctx.log;
      work = await openImap(this.account, this.password, {
        id: `work-${this.account.id}`,
        log,
        wireLog: this.opts.wireLog,
      });
      // Listen for 'close' at once: the socket can die during the awaits below (LIST, openPush),
      // and a close nobody heard leaves the account "connected" on a dead work connection.
      let workClosed = false;
      work.on('close', () => {
        workClosed = true;
        if (session) this.dropped(session, 'work connection closed');
      });
      const specialUse = new Map<string, string>();
      await this.loadFolders(work, specialUse);
      push = await openPush(this.account, this.password, {
        log,
        wireLog: this.opts.wireLog,
        watched: this.watched,
        maxIdleMs: this.opts.maxIdleMs,
        onChange: (path) => void this.sync.request(path, 'delta'),
        onClose: () => session && this.dropped(session, 'push connection closed'),
      });
      session = { work, lock: freshLocks(work), push, specialUse, timers: [] };
      if (!this.running) return void (await this.closeSession(session));
      // Closed while we were still setting up: dropped() ignored it (no current session yet).
      if (workClosed) throw new BridgeError(ErrorCode.ConnectionFailed, 'work connection closed while connecting');
      this.session = session;
      this.sync.attach(work);
      this.attempt = 0;
      this.ctx.setState('connected');
      this.startTimers(session);
      // First connect: full snapshots. Reconnect: deltas where we hold a sync point (CONDSTORE).
      await Promise.all(this.watched.map((p) => this.sync.request(p, this.sync.has(p) ? 'delta' : 'snapshot')));
    } catch (err) {
      work?.close();
      push?.client.close();
      this.failed(toBridgeError(err));
    }
  }

  private startTimers(s: Session): void {
    const others = this.watched.filter((p) => p !== s.push.selected);
    if (!s.push.notify && others.length) {
      const every = this.opts.pollIntervalMs ?? Math.max(30, this.account.pollIntervalSec ?? 60) * 1000;
      s.timers.push(setInterval(() => others.forEach((p) => void this.sync.request(p, 'delta')), every));
    }
    // Servers log out idle clients after 30 minutes (RFC 9051 §5.4); the work connection has no IDLE.
    const keepAlive = this.opts.keepAliveMs ?? 4 * 60_000;
    s.timers.push(setInterval(() => void this.keepAlive(s), keepAlive));
    for (const t of s.timers) t.unref();
  }

  /**
   * NOOP (RFC 9051 §6.1.2) on the work connection. A keep-alive that fails (NO/BAD, timeout, dead
   * socket) means the connection cannot be trusted any more: reconnect rather than stay
   * "connected" on it. imapflow's public `noop()` swallows the outcome (it resolves either way),
   * so this goes through `run('NOOP')`, which returns the command's true/false.
   */
  private async keepAlive(s: Session): Promise<void> {
    if (this.session !== s) return;
    let failure: string | undefined;
    try {
      const ok = await (s.work as unknown as RunInternals).run('NOOP');
      if (ok === false || !s.work.usable) failure = 'keep-alive NOOP failed';
    } catch (err) {
      failure = `keep-alive NOOP failed: ${toBridgeError(err).message}`;
    }
    if (failure) this.dropped(s, failure);
  }

  private dropped(session: Session, why: string): void {
    if (this.session !== session || !this.running) return;
    this.session = undefined;
    void this.closeSession(session);
    this.failed(new BridgeError(ErrorCode.ConnectionFailed, why));
  }

  private failed(err: BridgeError): void {
    if (!this.running) return;
    this.ctx.log.warn('imap connection failed', { accountId: this.account.id, code: err.code, reason: err.message });
    if (stopsRetrying(err.code)) {
      this.ctx.setState(stateForError(err.code), err.message);
      return; // No retries until the account changes.
    }
    const delay = backoffDelay(this.attempt++, this.opts.backoff ?? DEFAULT_BACKOFF);
    this.ctx.setState(stateForError(err.code), `${err.message}; retrying in ${Math.round(delay / 1000)} s`);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
  }

  private async closeSession(s: Session): Promise<void> {
    s.timers.forEach(clearInterval);
    const bye = (c: ImapFlow) =>
      Promise.race([c.logout(), new Promise((r) => setTimeout(r, 2_000).unref())])
        .catch(() => undefined)
        .finally(() => c.close());
    await Promise.all([bye(s.push.client), bye(s.work)]);
  }
}
