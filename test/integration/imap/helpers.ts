/**
 * Shared pieces of the IMAP integration tests: an account pointing at the harness Dovecot, and a
 * DriverContext that records every event so tests can wait for one.
 */
import type { AccountState, EventData, EventType, PushHealth } from '../../../src/protocol';
import type { DriverContext, StoredAccount } from '../../../src/bridge/accounts/driver';
import { silentLogger, type Logger } from '../../../src/bridge/log';
import type { Dovecot } from '../../harness/dovecot';

/** An IMAP account for `user` on the harness server (plain IMAP on loopback unless overridden). */
export function accountFor(dc: Dovecot, user: string, over: Partial<StoredAccount> = {}): StoredAccount {
  return {
    id: `acct-${user}`,
    type: 'imap',
    label: user,
    host: dc.host,
    port: dc.ports.imap,
    security: 'none',
    user,
    watchedFolders: ['INBOX'],
    includeInBadge: true,
    notify: true,
    deleteMode: 'trash',
    pollIntervalSec: 60,
    ...over,
  };
}

export interface Recorded {
  type: EventType;
  data: EventData<EventType>;
  at: number;
}

/** A DriverContext that keeps events and states, with waits on them. */
export class Recorder implements DriverContext {
  events: Recorded[] = [];
  states: Array<{ state: AccountState; detail?: string; at: number }> = [];
  pushes: Array<{ push: PushHealth; at: number }> = [];
  log: Logger = process.env.MG_TEST_LOG
    ? { info: console.log, warn: console.warn, error: console.error }
    : silentLogger;
  stateDir = '/nonexistent';
  private waiters: Array<() => void> = [];

  emit<T extends EventType>(type: T, data: EventData<T>): void {
    this.events.push({ type, data, at: Date.now() });
    this.wake();
  }
  setState(state: AccountState, detail?: string): void {
    this.states.push({ state, detail, at: Date.now() });
    this.wake();
  }
  setPush(push: PushHealth): void {
    this.pushes.push({ push, at: Date.now() });
    this.wake();
  }
  /** The newest push health reported. */
  get push(): PushHealth | undefined {
    return this.pushes.at(-1)?.push;
  }
  private wake() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Events of one type, from index `from` on. */
  of<T extends EventType>(type: T, from = 0): Array<EventData<T> & { at: number }> {
    return this.events
      .slice(from)
      .filter((e) => e.type === type)
      .map((e) => ({ ...(e.data as EventData<T>), at: e.at }));
  }

  /** Resolve with the first value `pick` returns (checked now and after every event), or throw after `ms`. */
  async waitFor<R>(pick: () => R | undefined | false, ms = 10_000, what = 'condition'): Promise<R> {
    const deadline = Date.now() + ms;
    for (;;) {
      const r = pick();
      if (r !== undefined && r !== false) return r;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${what}; states: ${JSON.stringify(this.states.map((s) => s.state))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  /** Wait for a snapshot/delta event of `mailbox` after index `from`, matching `pred`. */
  waitMailbox<T extends 'mailbox.snapshot' | 'mailbox.delta'>(
    type: T,
    mailbox: string,
    from: number,
    pred: (d: EventData<T>) => boolean = () => true,
    ms = 10_000,
  ): Promise<EventData<T> & { at: number }> {
    return this.waitFor(
      () => this.of(type, from).find((d) => d.mailbox.path === mailbox && pred(d)),
      ms,
      `${type} ${mailbox}`,
    );
  }
}

/** Median and 95th percentile of a list of numbers. */
export function stats(ms: number[]): { median: number; p95: number; min: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1] };
}
