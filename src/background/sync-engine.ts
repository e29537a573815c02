/**
 * Applies what the bridge pushes to the store, one event at a time and in arrival order (each
 * event is one IndexedDB transaction; see src/store/sync-writes.ts). Every write is idempotent,
 * so a repeated event, or a resync after a reconnect, leaves the same state.
 */
import type { ParsedEvent } from '../protocol';
import type { MailDb } from '../store/db';
import type { MessageRecord, StoreName } from '../store/schema';
import { unshownArrivals } from '../store/notified';
import { applyDelta, applySnapshot, replaceAccounts, setAccountState } from '../store/sync-writes';
import type { BridgeApi, Clock } from './bridge-api';

export interface SyncEngineOptions {
  db: () => Promise<MailDb>;
  bridge: BridgeApi;
  now?: Clock;
  /** Something in these stores changed (badge, popup refresh). */
  onChange?: (stores: StoreName[]) => void;
  /** Unread messages that just arrived and were never notified before. */
  onArrivals?: (messages: MessageRecord[]) => void;
  /** An account's connection state changed (the outbox retries held actions on `connected`). */
  onAccountState?: (accountId: string, state: string) => void;
}

export class SyncEngine {
  private queue: Promise<void> = Promise.resolve();
  private readonly now: Clock;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Queues a pushed event. Resolves once it (and everything before it) is stored. */
  handleEvent(event: ParsedEvent): Promise<void> {
    return this.enqueue(() => this.apply(event));
  }

  /**
   * After every (re)connect: the account list, then fresh snapshots of every mailbox. Counts may
   * have changed while we were away, so nothing cached is trusted until the snapshots arrive.
   */
  async onConnected(): Promise<void> {
    try {
      const { accounts } = await this.options.bridge.request('accounts.list', {});
      await this.enqueue(async () => {
        await replaceAccounts(await this.options.db(), accounts);
        this.options.onChange?.(['accounts', 'mailboxes', 'messages', 'outbox']);
      });
      await this.resync();
    } catch (error) {
      console.warn('mailglance: sync after connect failed', error);
    }
  }

  /** Asks the bridge for fresh snapshots (all accounts, or one). */
  async resync(accountId?: string): Promise<void> {
    await this.options.bridge.request('resync', accountId === undefined ? {} : { accountId });
  }

  /**
   * Arrivals an earlier worker stored but was stopped before notifying: hands them to
   * `onArrivals`. Call before any event is queued, so this worker's own claims come after.
   */
  replayUnshown(): Promise<void> {
    return this.enqueue(async () => {
      const arrivals = await unshownArrivals(await this.options.db());
      if (arrivals.length) this.options.onArrivals?.(arrivals);
    });
  }

  /** Resolves when every queued event has been applied (tests, and before reading the store). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    // One failed event must not stall the queue; log it and go on.
    this.queue = run.catch((error: unknown) => console.warn('mailglance: sync event failed', error));
    return run;
  }

  private async apply(event: ParsedEvent): Promise<void> {
    const db = await this.options.db();
    switch (event.type) {
      case 'mailbox.snapshot':
      case 'mailbox.delta': {
        const outcome =
          event.type === 'mailbox.snapshot'
            ? await applySnapshot(db, event.data, this.now())
            : await applyDelta(db, event.data, this.now());
        this.options.onChange?.(['mailboxes', 'messages']);
        if (outcome.arrivals.length) this.options.onArrivals?.(outcome.arrivals);
        return;
      }
      case 'account.state':
        if (await setAccountState(db, event.data)) this.options.onChange?.(['accounts']);
        this.options.onAccountState?.(event.data.accountId, event.data.state);
        return;
      case 'accounts.changed':
        await replaceAccounts(db, event.data.accounts);
        this.options.onChange?.(['accounts', 'mailboxes', 'messages', 'outbox']);
        return;
      case 'protocol.error':
        console.warn('mailglance: bridge reported a protocol error', event.data);
        return;
    }
  }
}
