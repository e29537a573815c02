/**
 * Runs one driver per account while an extension is attached, and routes requests to them.
 * Each driver reports through its own DriverContext, so a failing account only ever changes its
 * own state; a driver that throws synchronously is caught here and marked `error`.
 */
import { join } from 'node:path';
import {
  BridgeError,
  ErrorCode,
  type AccountSettings,
  type AccountState,
  type AccountView,
  type ConnectionReport,
  type EventData,
  type EventType,
  type MailboxStatus,
  type MessageAction,
  type MessageBody,
  type MessageRef,
} from '../../protocol';
import type { Logger } from '../log';
import type { AccountStore } from './account-store';
import { withDefaults } from './defaults';
import type { AccountDriver, DriverFactory, MarkAllReadTarget, StoredAccount } from './driver';

export type DriverFactories = Record<StoredAccount['type'], DriverFactory>;
type Emit = <T extends EventType>(type: T, data: EventData<T>) => void;

interface Running {
  driver: AccountDriver;
  state: AccountState;
  detail?: string;
}

export class AccountManager {
  private running = new Map<string, Running>();
  private active = false;

  constructor(
    private readonly store: AccountStore,
    private readonly factories: DriverFactories,
    private readonly stateRoot: string,
    private readonly log: Logger,
    private readonly emit: Emit,
  ) {}

  /** Accounts with their live state and no secrets. */
  list(): AccountView[] {
    return this.store.list().map((account) => this.view(account));
  }

  /** Starts a driver for every account (on `hello`). */
  startAll(): void {
    this.active = true;
    for (const account of this.store.list()) if (!this.running.has(account.id)) this.startDriver(account);
  }

  async stopAll(): Promise<void> {
    this.active = false;
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.allSettled(all.map((r) => r.driver.stop()));
  }

  add(settings: AccountSettings, password?: string): AccountView {
    const account = this.store.add(settings, password);
    this.log.info('account added', { accountId: account.id, type: account.type });
    if (this.active) this.startDriver(account);
    this.announceAccounts();
    return this.view(account);
  }

  async update(id: string, changes: Partial<AccountSettings>, password?: string): Promise<AccountView> {
    const account = this.store.update(id, changes, password);
    // Any change may fix an auth or certificate failure: restart the driver with the new settings.
    await this.stopDriver(id);
    if (this.active) this.startDriver(account);
    this.announceAccounts();
    return this.view(account);
  }

  async remove(id: string): Promise<void> {
    await this.stopDriver(id);
    this.store.remove(id);
    this.log.info('account removed', { accountId: id });
    this.announceAccounts();
  }

  test(target: { accountId: string } | { settings: AccountSettings; password?: string }): Promise<ConnectionReport> {
    if ('accountId' in target) {
      const account = this.store.get(target.accountId);
      return this.factories[account.type].test(account, this.store.password(account.id), this.log);
    }
    const draft = withDefaults('draft', target.settings);
    return this.factories[draft.type].test(draft, target.password, this.log);
  }

  async resync(accountId?: string): Promise<void> {
    await Promise.all(this.targets(accountId).map((r) => r.driver.resync()));
  }

  async refresh(accountId?: string): Promise<void> {
    await Promise.all(this.targets(accountId).map((r) => r.driver.refresh()));
  }

  fetch(ref: MessageRef): Promise<MessageBody> {
    return this.driverFor(ref.accountId).fetch(ref);
  }

  act(ref: MessageRef, action: MessageAction, actionId: string): Promise<MailboxStatus> {
    return this.driverFor(ref.accountId).act(ref, action, actionId);
  }

  purge(accountId: string, mailbox: string): Promise<MailboxStatus> {
    return this.driverFor(accountId).purge(mailbox);
  }

  markAllRead(accountId: string, target: MarkAllReadTarget, actionId: string): Promise<MailboxStatus> {
    return this.driverFor(accountId).markAllRead(target, actionId);
  }

  private targets(accountId?: string): Running[] {
    if (accountId === undefined) return [...this.running.values()];
    return [this.runningFor(accountId)];
  }

  private runningFor(accountId: string): Running {
    const running = this.running.get(accountId);
    if (running) return running;
    this.store.get(accountId); // throws ACCOUNT_NOT_FOUND for unknown ids
    throw new BridgeError(ErrorCode.ConnectionFailed, `account "${accountId}" is not connected`);
  }

  private driverFor(accountId: string): AccountDriver {
    return this.runningFor(accountId).driver;
  }

  private startDriver(account: StoredAccount): void {
    const entry: Running = { driver: undefined as unknown as AccountDriver, state: 'connecting' };
    const setState = (state: AccountState, detail?: string) => {
      if (this.running.get(account.id) !== entry) return; // a stopped driver's late report
      entry.state = state;
      entry.detail = detail;
      this.emit('account.state', { accountId: account.id, state, detail });
    };
    try {
      entry.driver = this.factories[account.type].create(account, this.store.password(account.id), {
        emit: (type, data) => {
          if (this.running.get(account.id) === entry) this.emit(type, data);
        },
        setState,
        log: this.log,
        stateDir: join(this.stateRoot, account.id),
      });
      this.running.set(account.id, entry);
      entry.driver.start();
    } catch (error) {
      this.log.error('driver failed to start', { accountId: account.id, error: (error as Error).message });
      this.running.delete(account.id);
      this.emit('account.state', { accountId: account.id, state: 'error', detail: (error as Error).message });
    }
  }

  private async stopDriver(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    this.running.delete(id);
    await running.driver
      .stop()
      .catch((error: Error) => this.log.warn('driver stop failed', { accountId: id, error: error.message }));
  }

  private announceAccounts(): void {
    this.emit('accounts.changed', { accounts: this.list() });
  }

  private view(account: StoredAccount): AccountView {
    const running = this.running.get(account.id);
    return {
      ...account,
      hasPassword: this.store.password(account.id) !== undefined,
      state: running?.state ?? 'idle',
      stateDetail: running?.detail,
      secretStore: this.store.secrets.kind,
    };
  }
}
