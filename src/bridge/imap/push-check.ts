/**
 * Push that cannot go quiet. Some servers' IDLE (RFC 2177) reports nothing about other sessions'
 * changes until the client ends it with DONE; some NOTIFY (RFC 5465) implementations miss
 * folders. A connection that never pushes looks exactly like a quiet mailbox, so every poll
 * period this asks the server, on the work connection, whether each push-covered mailbox still
 * matches what was last synced (`MailboxSync.unsynced`: one STATUS).
 *
 * - A difference that a push announces within the grace period is just a push on its way.
 * - A difference no push announces is a change push missed: it is synced at once, logged, and
 *   the account's push becomes `unreliable`. From then on every tick (at the tighter period)
 *   polls those mailboxes like the others and restarts IDLE (DONE + NOOP + IDLE), after which
 *   such servers hand over what they held back.
 * - Folders that neither IDLE nor NOTIFY covers get a plain delta every period.
 */
import type { PushHealth } from '../../protocol';
import type { Logger } from '../log';
import type { MailboxSync } from './sync';

export interface PushCheckOptions {
  /** The account's poll period. */
  pollMs: number;
  /** The period once push is unreliable; default min(15 s, pollMs / 2). */
  unreliablePollMs?: number;
  /**
   * How long a push may lag behind the change it announces (Dovecot holds every push ~0.5 s);
   * a change still unannounced after this counts as missed.
   */
  graceMs?: number;
}

export interface PushCheckHost {
  accountId: string;
  log: Logger;
  sync: Pick<MailboxSync, 'request' | 'unsynced'>;
  /** Mailboxes that IDLE (and NOTIFY, when offered) should announce. */
  pushed: readonly string[];
  /** Watched mailboxes nothing announces: polled every period. */
  polled: readonly string[];
  /** End IDLE and start it again on the push connection. */
  restartIdle(): Promise<void>;
  report(push: PushHealth): void;
}

const DEFAULT_GRACE_MS = 5_000;

export class PushCheck {
  private readonly lastSignal = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly host: PushCheckHost,
    private readonly opts: PushCheckOptions,
    /** Survives reconnects of the same driver: a server that did not push before will not now. */
    private health: PushHealth = 'unverified',
  ) {}

  get state(): PushHealth {
    return this.health;
  }

  /** A push arrived for `path`. */
  signalled(path: string): void {
    this.lastSignal.set(path, Date.now());
    if (this.health === 'unverified') this.setHealth('verified');
  }

  start(): void {
    this.host.report(this.health);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private period(): number {
    if (this.health !== 'unreliable') return this.opts.pollMs;
    return this.opts.unreliablePollMs ?? Math.min(15_000, this.opts.pollMs / 2);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule()), this.period());
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    for (const path of this.host.polled) void this.host.sync.request(path, 'delta');
    await Promise.all(this.host.pushed.map((p) => this.verify(p)));
    if (this.health === 'unreliable' && !this.stopped) {
      this.host.log.info('IDLE restarted (push unreliable)', { accountId: this.host.accountId });
      await this.host
        .restartIdle()
        .catch((err: unknown) =>
          this.host.log.warn('IDLE restart failed', { accountId: this.host.accountId, reason: String(err) }),
        );
    }
  }

  private async verify(path: string): Promise<void> {
    const grace = this.opts.graceMs ?? DEFAULT_GRACE_MS;
    const asked = Date.now();
    // A push just came: its sync may still be running, and the difference is its own.
    if (asked - (this.lastSignal.get(path) ?? -Infinity) < grace) return;
    let differs: boolean;
    try {
      differs = await this.host.sync.unsynced(path);
    } catch (err) {
      // The work connection failing is the driver's to notice (keep-alive, close); a check that
      // could not ask the server learns nothing about push.
      if (!this.stopped) {
        this.host.log.warn('push check failed', { accountId: this.host.accountId, reason: String(err) });
      }
      return;
    }
    if (!differs || this.stopped) return;
    if (this.health !== 'unreliable') {
      await new Promise((resolve) => setTimeout(resolve, grace).unref());
      if ((this.lastSignal.get(path) ?? -Infinity) >= asked || this.stopped) return; // late, not missing
    }
    this.host.log.warn('poll found changes push did not announce', { accountId: this.host.accountId, mailbox: path });
    void this.host.sync.request(path, 'delta');
    if (this.health !== 'unreliable') {
      this.setHealth('unreliable');
      this.host.log.warn('push unreliable: polling push folders and restarting IDLE', {
        accountId: this.host.accountId,
        everyMs: this.period(),
      });
    }
  }

  private setHealth(health: PushHealth): void {
    this.health = health;
    this.host.report(health);
  }
}
