/**
 * The IMAP AccountDriver: two connections per account — "push" (IDLE + NOTIFY, watch.ts) and
 * "work" (sync, actions, bodies, STATUS polling and the check that push still works,
 * push-check.ts) — with reconnects on exponential backoff and jitter. An authentication
 * failure, an untrusted certificate or a refused plain-text login are states of their own and
 * stop retries until the account changes (the manager recreates the driver then). Nothing here may throw into the process: every async path ends in a catch.
 */
import type { Credential } from '../accounts/driver';
import type { ImapFlow } from 'imapflow';
import {
  BridgeError,
  ErrorCode,
  type MailboxStatus,
  type MessageAction,
  type MessageBody,
  type MessageRef,
  type PushHealth,
} from '../../protocol';
import type {
  AccountDriver,
  DriverContext,
  MarkAllReadTarget,
  PageResult,
  PageTarget,
  StoredAccount,
} from '../accounts/driver';
import { applyAction, markMailboxRead, purgeMailbox, type ActionContext } from './actions';
import { stateForError, stopsRetrying } from '../../protocol/rules/account-state';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../../protocol/rules/backoff';
import { DEFAULT_BODY_LIMITS, fetchBody, type BodyLimits } from './body';
import { endpointOf, openImap, type WireLogSink } from './connection';
import { toBridgeError } from './errors';
import { pageUnseen } from './page';
import { MailboxSync } from './sync';
import { PushCheck } from './push-check';
import { watchUntilBack } from './reachable';
import { writePushRecord } from '../accounts/push-record';
import { idleMailbox, openPush, type PushConnection } from './watch';
import { freshLocks, type LockFn } from './work-lock';

/** Knobs for tests and the CLI; production uses the defaults. */
export interface ImapDriverOptions {
  backoff?: BackoffOptions;
  bodyLimits?: BodyLimits;
  /** Re-IDLE period (RFC 2177: less than 29 minutes). */
  maxIdleMs?: number;
  /** Keep-alive NOOP on the work connection. */
  keepAliveMs?: number;
  /**
   * Poll period: a delta of every folder nothing pushes, and the check that push still works
   * (push-check.ts); default account.pollIntervalSec (≥ 30 s).
   */
  pollIntervalMs?: number;
  /** Poll period once push proved unreliable; default min(15 s, half the poll period). */
  unreliablePollMs?: number;
  /** How late a push may be before a change counts as missed by push (default 5 s). */
  pushGraceMs?: number;
  /** While waiting out a reconnect backoff, knock on the server this often (reachable.ts; default 2 s). */
  knockMs?: number;
  /** Sees imapflow's log entries of both connections (tests count FETCH responses with it). */
  wireLog?: WireLogSink;
}

/** What requests need: the work connection, its locks and the folders' special uses. */
type WorkSide = Pick<Session, 'work' | 'lock' | 'specialUse'>;

interface Session {
  work: ImapFlow;
  lock: LockFn;
  push: PushConnection;
  /** path → special-use flag, from LIST. */
  specialUse: Map<string, string>;
  timers: NodeJS.Timeout[];
  check: PushCheck;
}

/** imapflow's command runner; not in its typings (`noop()` wraps it and drops the result). */
interface RunInternals {
  run(command: string): Promise<unknown>;
}

export class ImapDriver implements AccountDriver {
  private running = false;
  private session?: Session;
  /** The work connection of a connect that syncs while push is still opening (connect()). */
  private early?: WorkSide;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  /** Stops the knocking that ends a reconnect backoff early once the server answers again. */
  private stopKnocking?: () => void;
  private readonly sync: MailboxSync;
  private readonly watched: string[];
  /** Kept across reconnects: a server whose IDLE did not push will not start to after one. */
  private push: PushHealth = 'unverified';

  constructor(
    private readonly account: StoredAccount,
    private readonly password: Credential,
    private readonly ctx: DriverContext,
    private readonly opts: ImapDriverOptions = {},
  ) {
    this.watched = account.watchedFolders?.length ? [...account.watchedFolders] : ['INBOX'];
    this.sync = new MailboxSync({
      accountId: account.id,
      ctx,
      work: () => {
        const w = this.session ?? this.early;
        return w && { client: w.work, lock: w.lock };
      },
      specialUseOf: (p) => (this.session ?? this.early)?.specialUse.get(p),
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
    this.stopKnocking?.();
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
    return this.guard(() => fetchBody(s.work, s.lock, ref, this.opts.bodyLimits ?? DEFAULT_BODY_LIMITS), ref.mailbox);
  }

  async act(ref: MessageRef, action: MessageAction, _actionId: string): Promise<MailboxStatus> {
    const s = this.requireSession();
    const ctx: ActionContext = {
      client: s.work,
      lock: s.lock,
      log: this.ctx.log,
      accountId: this.account.id,
      deleteMode: this.account.deleteMode ?? 'trash',
      specialUse: (use) => this.findSpecialUse(s, use),
      mailboxUse: s.specialUse.get(ref.mailbox),
    };
    return this.guard(async () => {
      const status = await applyAction(ctx, ref, action);
      this.touch(ref.mailbox);
      return status;
    }, ref.mailbox);
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
    }, target.mailbox);
  }

  async page(target: PageTarget): Promise<PageResult> {
    const s = this.requireSession();
    return this.guard(() => pageUnseen(s.work, s.lock, target, s.specialUse.get(target.mailbox)), target.mailbox);
  }

  /**
   * The work side of the session, or of a connect whose work connection already syncs while push
   * is still opening: a request after the first snapshot need not wait for push.
   */
  private requireSession(): WorkSide {
    const s = this.session ?? this.early;
    if (!this.running || !s) {
      throw new BridgeError(ErrorCode.ConnectionFailed, 'not connected to the IMAP server');
    }
    return s;
  }

  /**
   * Runs a request's server work; errors come out as BridgeErrors. A MAILBOX_CHANGED means the
   * extension's view of `path` is stale (UIDVALIDITY changed): resend that mailbox whole, so the
   * list the user sees is the server's again.
   */
  private async guard<T>(fn: () => Promise<T>, path?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const be = toBridgeError(err);
      if (be.code === ErrorCode.MailboxChanged && path && this.watched.includes(path)) {
        void this.sync.request(path, 'snapshot');
      }
      throw be;
    }
  }

  /** After our own change the server will push too; asking now makes the delta prompt. */
  private touch(path: string): void {
    if (this.watched.includes(path)) void this.sync.request(path, 'delta');
  }

  private async findSpecialUse(s: WorkSide, use: string): Promise<string | undefined> {
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
      const lock = freshLocks(work);
      // Before any sync on this connection: QRESYNC reports expunges as they come (VANISHED).
      this.sync.attach(work);
      const idled = idleMailbox(this.watched);
      // With QRESYNC the IDLE mailbox is synced while push is still opening — a snapshot on the
      // first connect, a delta on a reconnect: Dovecot opens one mailbox for one connection at a
      // time (two EXAMINEs of 100,000 messages take 0.8 s side by side, 0.4 s alone), so push first
      // would put its open on the path to the first list. Nothing is missed: the delta asked for
      // below once push is up covers whatever changed before push's EXAMINE (RFC 7162
      // CHANGEDSINCE from this sync's modseq), and IDLE whatever changed after. Without QRESYNC
      // that gap cannot be checked, so push opens first (docs/architecture.md "Push first").
      const syncsEarly = work.enabled.has('QRESYNC');
      if (syncsEarly) {
        this.early = { work, lock, specialUse };
        void this.sync.request(idled, this.sync.has(idled) ? 'delta' : 'snapshot');
      }
      try {
        push = await openPush(this.account, this.password, {
          log,
          wireLog: this.opts.wireLog,
          watched: this.watched,
          maxIdleMs: this.opts.maxIdleMs,
          onChange: (path) => {
            session?.check.signalled(path);
            void this.sync.request(path, 'delta');
          },
          onClose: () => session && this.dropped(session, 'push connection closed'),
        });
      } finally {
        this.early = undefined;
      }
      session = { work, lock, push, specialUse, timers: [], check: this.pushCheck(push) };
      if (!this.running) return void (await this.closeSession(session));
      // Closed while we were still setting up: dropped() ignored it (no current session yet).
      if (workClosed) throw new BridgeError(ErrorCode.ConnectionFailed, 'work connection closed while connecting');
      this.session = session;
      this.attempt = 0;
      this.ctx.setState('connected');
      this.startTimers(session);
      // First connect: full snapshots. Reconnect: deltas where we hold a sync point (CONDSTORE),
      // as does the mailbox synced early, once its sync in flight is done.
      const deltaFor = (p: string) => this.sync.has(p) || (syncsEarly && p === idled);
      await Promise.all(this.watched.map((p) => this.sync.request(p, deltaFor(p) ? 'delta' : 'snapshot')));
    } catch (err) {
      work?.close();
      push?.client.close();
      this.failed(toBridgeError(err));
    }
  }

  /** The push check of a new session: which folders push covers, which only polling does. */
  private pushCheck(push: PushConnection): PushCheck {
    const others = this.watched.filter((p) => p !== push.selected);
    const pollMs = this.opts.pollIntervalMs ?? Math.max(30, this.account.pollIntervalSec ?? 60) * 1000;
    if (!push.notify && others.length) {
      this.ctx.log.info('server has no NOTIFY: polling the other watched folders', {
        accountId: this.account.id,
        folders: others.length,
        everyMs: pollMs,
      });
    }
    const check = new PushCheck(
      {
        accountId: this.account.id,
        log: this.ctx.log,
        sync: this.sync,
        pushed: push.notify ? this.watched : [push.selected],
        polled: push.notify ? [] : others,
        restartIdle: () => push.client.noop(),
        report: (health) => {
          this.push = health;
          this.ctx.setPush(health);
          writePushRecord(this.ctx.stateDir, health);
        },
      },
      { pollMs, unreliablePollMs: this.opts.unreliablePollMs, graceMs: this.opts.pushGraceMs },
      this.push,
    );
    return check;
  }

  private startTimers(s: Session): void {
    s.check.start();
    // Servers log out idle clients after 30 minutes (RFC 9051 §5.4); the work connection has no IDLE.
    const keepAlive = this.opts.keepAliveMs ?? 4 * 60_000;
    s.timers.push(setInterval(() => void this.keepAlive(s), keepAlive));
    const renewAt = typeof this.password === 'object' ? this.password.renewAt() : undefined;
    if (renewAt !== undefined)
      s.timers.push(setTimeout(() => void this.renew(s), Math.max(1_000, renewAt - Date.now())));
    for (const t of s.timers) t.unref();
  }

  /**
   * OAuth accounts log in again with a fresh token before the one the session used expires:
   * Exchange Online ends an IMAP session when its token does, and push must not go quiet. The
   * account stays `connected`; the new session syncs from the CONDSTORE point, so nothing that
   * arrived in between is missed.
   */
  private async renew(s: Session): Promise<void> {
    if (this.session !== s || !this.running) return;
    this.ctx.log.info('imap: logging in again before the access token expires', { accountId: this.account.id });
    this.session = undefined;
    await this.closeSession(s);
    if (this.running && !this.session) await this.connect();
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
    this.stopKnocking?.();
    const retry = () => {
      clearTimeout(this.retryTimer);
      this.stopKnocking?.();
      this.stopKnocking = undefined;
      if (this.running) void this.connect();
    };
    this.retryTimer = setTimeout(retry, delay);
    this.retryTimer.unref?.();
    // A server back from a restart, or a network back from a cut, should not wait for the rest of
    // a backoff that may have grown to minutes.
    const knockMs = this.opts.knockMs ?? 2_000;
    if (delay > knockMs) {
      this.stopKnocking = watchUntilBack(endpointOf(this.account), knockMs, () => {
        this.ctx.log.info('imap server answers again; reconnecting before the backoff ends', {
          accountId: this.account.id,
        });
        retry();
      });
    }
  }

  private async closeSession(s: Session): Promise<void> {
    s.timers.forEach(clearInterval);
    s.check.stop();
    const bye = (c: ImapFlow) =>
      Promise.race([c.logout(), new Promise((r) => setTimeout(r, 2_000).unref())])
        .catch(() => undefined)
        .finally(() => c.close());
    await Promise.all([bye(s.push.client), bye(s.work)]);
  }
}
