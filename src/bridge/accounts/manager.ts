/**
 * Runs one driver per account while an extension is attached, and routes requests to them.
 * Each driver reports through its own DriverContext, so a failing account only ever changes its
 * own state; a driver that throws synchronously is caught here and marked `error`.
 *
 * Chrome and Firefox each run a bridge on the same config folder. While active, the manager
 * watches accounts.json and reconciles its drivers with it, so an account added, edited or removed
 * through one browser is followed by the other browser's bridge (and its extension is told).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BridgeError,
  ErrorCode,
  type AccountSettings,
  type AccountState,
  type AccountView,
  type ConfigProblem,
  type ConnectionReport,
  type EventData,
  type EventType,
  type MailboxStatus,
  type MessageAction,
  type MessageBody,
  type MessageRef,
  type PushHealth,
} from '../../protocol';
import type { Logger } from '../log';
import { AccountLocks } from './account-locks';
import { smtpSecretId, type AccountEntry, type AccountStore } from './account-store';
import { configProblems } from './config-problems';
import { withDefaults } from './defaults';
import type {
  AccountDriver,
  Credential,
  DriverFactory,
  MarkAllReadTarget,
  PageResult,
  PageTarget,
  StoredAccount,
} from './driver';
import { OAuthTokens } from '../auth/token-source';
import { diffAccounts, isEmptyDiff } from './reconcile';
import { watchFile, type FileWatch } from './watch-file';
import { readPushRecord } from './push-record';

/** An account ready to send (src/bridge/smtp/send.ts). */
export interface Sender {
  account: StoredAccount;
  /** What the incoming server (IMAP, POP3) logs in with: a password, or OAuth tokens. */
  credential: Credential;
  /** What SMTP logs in with: its own password when one is set apart, else `credential`. */
  smtpCredential: Credential;
  stateDir: string;
}

export type DriverFactories = Record<StoredAccount['type'], DriverFactory>;
type Emit = <T extends EventType>(type: T, data: EventData<T>) => void;

interface Running {
  /** What the driver was started with: reconcile compares it with the file. */
  entry: AccountEntry;
  /** Undefined when the factory threw: the account stays `error` until its settings change. */
  driver?: AccountDriver;
  state: AccountState;
  detail?: string;
  push?: PushHealth;
}

/** Watches accounts.json; `watchFile` in production, replaceable in tests. */
export type WatchAccounts = (file: string, onChange: () => void, log: Logger) => FileWatch;

export class AccountManager {
  private running = new Map<string, Running>();
  private active = false;
  private watch?: FileWatch;
  /** Why the last startAll failed, reported with the config problems. */
  private startFailure?: string;
  /** Updates and removals queue per account; reconciles behind all of them (see account-locks.ts). */
  private readonly locks = new AccountLocks();
  /** Access tokens of OAuth accounts, refreshed from the secret store (src/bridge/auth/). */
  readonly tokens: OAuthTokens;

  constructor(
    private readonly store: AccountStore,
    private readonly factories: DriverFactories,
    private readonly stateRoot: string,
    private readonly log: Logger,
    private readonly emit: Emit,
    private readonly watchAccounts: WatchAccounts = watchFile,
    tokens?: OAuthTokens,
  ) {
    this.tokens = tokens ?? new OAuthTokens(store.secrets, log, { stateRoot });
  }

  /** What a connection of `account` logs in with: its password, or its OAuth tokens. */
  private credentialFor(account: StoredAccount): Credential {
    if (account.auth === 'oauth2') return this.tokens.sourceFor(account);
    return this.store.password(account.id);
  }

  /** Accounts with their live state and no secrets. */
  list(): AccountView[] {
    // One read of the secrets for the whole list, not one per account.
    const secretOf = this.store.secrets.batch?.() ?? ((id: string) => this.store.password(id));
    return this.store.list().map((account) => this.view(account, secretOf));
  }

  /** Damaged config files and folders (see config-problems.ts); empty when all is well. */
  configProblems(): ConfigProblem[] {
    const problems = configProblems(this.store);
    if (this.startFailure) problems.push({ where: 'accounts.json', detail: this.startFailure });
    return problems;
  }

  /**
   * Starts a driver for every account and follows accounts.json from then on (after `hello`).
   * Nothing here should throw on a damaged file; if something does, the next `hello` and `doctor`
   * report it instead of the host dying.
   */
  startAll(): void {
    try {
      this.startEvery();
      this.startFailure = undefined;
    } catch (error) {
      this.startFailure = `accounts could not be started: ${(error as Error).message}`.slice(0, 300);
      this.log.error('startAll failed', { error: String((error as Error)?.stack ?? error) });
    }
  }

  private startEvery(): void {
    this.active = true;
    // Watch before reading, so a write landing in between is not missed.
    this.watch ??= this.watchAccounts(
      this.store.file,
      () =>
        void this.reconcile().catch((error: Error) =>
          this.log.error('reconcile failed', { error: String(error?.stack ?? error) }),
        ),
      this.log,
    );
    for (const entry of this.store.entries()) if (!this.running.has(entry.account.id)) this.startDriver(entry);
  }

  async stopAll(): Promise<void> {
    this.active = false;
    this.watch?.close();
    this.watch = undefined;
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.allSettled(all.map((r) => r.driver?.stop()));
  }

  /** Synchronous from the write to the driver start, so no reconcile can see one without the other. */
  add(settings: AccountSettings, password?: string, smtpPassword?: string): AccountView {
    const entry = this.store.add(settings, password);
    if (smtpPassword) this.store.setSmtpPassword(entry.account.id, smtpPassword);
    this.log.info('account added', { accountId: entry.account.id, type: entry.account.type });
    if (this.active) this.startDriver(entry);
    this.announceAccounts();
    return this.view(entry.account);
  }

  update(
    id: string,
    changes: Partial<AccountSettings>,
    password?: string,
    smtpPassword?: string,
  ): Promise<AccountView> {
    return this.locks.forAccount(id, async () => {
      const entry = this.store.update(id, changes, password, smtpPassword);
      // Any change may fix an auth or certificate failure: restart the driver with the new settings.
      await this.stopDriver(id);
      if (this.active) this.startDriver(entry);
      this.announceAccounts();
      return this.view(entry.account);
    });
  }

  remove(id: string): Promise<void> {
    return this.locks.forAccount(id, async () => {
      await this.stopDriver(id);
      this.store.remove(id); // throws for an id that is not a valid one (account-id.ts)
      this.removeState(id);
      this.log.info('account removed', { accountId: id });
      this.announceAccounts();
    });
  }

  /**
   * Brings the drivers in line with accounts.json after another process wrote it: starts new
   * accounts, stops removed ones, restarts those whose settings or secret changed, and pushes
   * `accounts.changed` if anything did. Our own writes also land here and find nothing to do,
   * because add/update/remove record exactly what they wrote. Resolves true when it changed something.
   */
  reconcile(): Promise<boolean> {
    return this.locks.forAll(async () => {
      if (!this.active) return false;
      let stored: AccountEntry[];
      try {
        stored = this.store.readableEntries();
      } catch (error) {
        // A damaged file (edited by hand): keep what runs until it is readable again.
        this.log.warn('cannot reconcile accounts', { error: (error as Error).message });
        return false;
      }
      const diff = diffAccounts(new Map([...this.running].map(([id, r]) => [id, r.entry])), stored);
      if (isEmptyDiff(diff)) return false;
      this.log.info('accounts changed by another process', {
        started: diff.start.map((e) => e.account.id),
        restarted: diff.restart.map((e) => e.account.id),
        stopped: diff.stop,
      });
      await Promise.all([...diff.stop, ...diff.restart.map((e) => e.account.id)].map((id) => this.stopDriver(id)));
      // stopAll may have run while the old drivers were closing.
      if (!this.active) return false;
      for (const entry of [...diff.start, ...diff.restart])
        if (!this.running.has(entry.account.id)) this.startDriver(entry);
      this.announceAccounts();
      return true;
    });
  }

  test(target: { accountId: string } | { settings: AccountSettings; password?: string }): Promise<ConnectionReport> {
    if ('accountId' in target) {
      const account = this.store.get(target.accountId);
      const push = account.type === 'imap' ? readPushRecord(join(this.stateRoot, account.id)) : undefined;
      return this.factories[account.type]
        .test(account, this.credentialFor(account), this.log)
        .then((report) => (push ? { ...report, push } : report));
    }
    const draft = withDefaults('draft', target.settings);
    // Tokens exist only once a sign-in stored them: a draft has nothing to log in with.
    if (draft.auth === 'oauth2')
      return Promise.reject(
        new BridgeError(ErrorCode.SignInRequired, 'sign in first: an OAuth account has no tokens yet'),
      );
    return this.factories[draft.type].test(draft, target.password, this.log);
  }

  /** Fresh snapshots: of one account (its failure is the reply), or of every account. */
  resync(accountId?: string): Promise<void> {
    return this.forTargets(accountId, (driver) => driver.resync());
  }

  /** Look for new mail now: one account, or every account. */
  refresh(accountId?: string): Promise<void> {
    return this.forTargets(accountId, (driver) => driver.refresh());
  }

  /**
   * Runs `task` on one account's driver and lets its error through, or on every running driver
   * and waits for all: one account that is down must not fail the request for the others (its
   * own `account.state` already tells the extension), so those failures are only logged.
   */
  private async forTargets(accountId: string | undefined, task: (driver: AccountDriver) => Promise<void>) {
    if (accountId !== undefined) return task(this.driverFor(accountId));
    const results = await Promise.allSettled(this.targets().map(task));
    for (const r of results) {
      if (r.status === 'rejected')
        this.log.warn('account request failed', { error: String(r.reason?.message ?? r.reason) });
    }
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

  /** What sending needs of an account: its settings, secrets and state folder. */
  sender(accountId: string): Sender {
    const account = this.store.get(accountId);
    const credential = this.credentialFor(account);
    return {
      account,
      credential,
      // An OAuth account's secret slot holds its tokens: sending uses them as XOAUTH2 (deliver.ts),
      // never as a password.
      smtpCredential: this.store.smtpPassword(accountId) ?? credential,
      stateDir: join(this.stateRoot, accountId),
    };
  }

  page(accountId: string, target: PageTarget): Promise<PageResult> {
    return this.driverFor(accountId).page(target);
  }

  private targets(): AccountDriver[] {
    return [...this.running.values()].flatMap((r) => (r.driver ? [r.driver] : []));
  }

  private driverFor(accountId: string): AccountDriver {
    const driver = this.running.get(accountId)?.driver;
    if (driver) return driver;
    this.store.get(accountId); // throws ACCOUNT_NOT_FOUND for unknown ids
    throw new BridgeError(ErrorCode.ConnectionFailed, `account "${accountId}" is not connected`);
  }

  /** Reads the password after the entry's revision was read (see AccountStore.entries). */
  private startDriver(entry: AccountEntry): void {
    const { account } = entry;
    const running: Running = { entry, state: 'connecting' };
    this.running.set(account.id, running);
    const setState = (state: AccountState, detail?: string) => {
      if (this.running.get(account.id) !== running) return; // a stopped driver's late report
      running.state = state;
      running.detail = detail;
      this.emit('account.state', { accountId: account.id, state, detail, push: running.push });
    };
    const setPush = (push: PushHealth) => {
      if (this.running.get(account.id) !== running || running.push === push) return;
      running.push = push;
      this.emit('account.state', { accountId: account.id, state: running.state, detail: running.detail, push });
    };
    try {
      running.driver = this.factories[account.type].create(account, this.credentialFor(account), {
        emit: (type, data) => {
          if (this.running.get(account.id) === running) this.emit(type, data);
        },
        setState,
        setPush,
        log: this.log,
        stateDir: join(this.stateRoot, account.id),
      });
      running.driver.start();
    } catch (error) {
      this.log.error('driver failed to start', { accountId: account.id, error: (error as Error).message });
      // Kept in the map without a driver: reconcile retries only when the account changes.
      running.driver = undefined;
      setState('error', (error as Error).message);
    }
  }

  private async stopDriver(id: string): Promise<void> {
    const running = this.running.get(id);
    if (!running) return;
    this.running.delete(id);
    await running.driver
      ?.stop()
      .catch((error: Error) => this.log.warn('driver stop failed', { accountId: id, error: error.message }));
  }

  /**
   * The account's state folder (POP3 header cache and read set: message headers the user would
   * expect gone with the account, PRIVACY.md). `id` was checked by the store, so the folder is
   * always inside the state root.
   */
  private removeState(id: string): void {
    try {
      rmSync(join(this.stateRoot, id), { recursive: true, force: true });
    } catch (error) {
      this.log.warn('cannot remove account state', { accountId: id, error: (error as Error).message });
    }
  }

  private announceAccounts(): void {
    this.emit('accounts.changed', { accounts: this.list() });
  }

  private view(
    account: StoredAccount,
    secretOf: (id: string) => string | undefined = (id) => this.store.password(id),
  ): AccountView {
    const running = this.running.get(account.id);
    return {
      ...account,
      hasPassword: secretOf(account.id) !== undefined,
      hasSmtpPassword: secretOf(smtpSecretId(account.id)) !== undefined,
      state: running?.state ?? 'idle',
      stateDetail: running?.detail,
      ...(running?.push ? { push: running.push } : {}),
      secretStore: this.store.secrets.kind,
    };
  }
}
