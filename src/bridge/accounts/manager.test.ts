/**
 * Two managers on one config folder stand for the Chrome and Firefox bridges: one writes through
 * its requests, the other follows with reconcile(). Real files, fake drivers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventData, EventType } from '../../protocol';
import { silentLogger } from '../log';
import { fileSecretStore } from '../secrets/secret-store';
import { AccountStore } from './account-store';
import type { AccountDriver, DriverContext, DriverFactory, StoredAccount } from './driver';
import { AccountManager, type WatchAccounts } from './manager';

class FakeDriver {
  stopped = false;
  refreshes = 0;
  failRefresh = false;
  /** Resolve to let a slow stop() finish. */
  release?: () => void;
  constructor(
    readonly account: StoredAccount,
    readonly password: string | undefined,
    readonly ctx: DriverContext,
    private readonly options: { slowStop: boolean },
  ) {}
  start() {
    this.ctx.setState('connected');
  }
  refresh() {
    this.refreshes++;
    return this.failRefresh ? Promise.reject(new Error('server down')) : Promise.resolve();
  }
  stop() {
    this.stopped = true;
    return this.options.slowStop ? new Promise<void>((resolve) => (this.release = resolve)) : Promise.resolve();
  }
}

interface Bridge {
  manager: AccountManager;
  drivers: FakeDriver[];
  events: { type: EventType; data: unknown }[];
  watch: { onChange?: () => void; closed: number; opened: number };
  options: { slowStop: boolean; failCreate: boolean };
}

describe('AccountManager across two bridge processes', () => {
  let dir: string;
  let a: Bridge;
  let b: Bridge;

  function bridge(): Bridge {
    const store = new AccountStore(join(dir, 'accounts.json'), fileSecretStore(join(dir, 'secrets.json')));
    const drivers: FakeDriver[] = [];
    const events: Bridge['events'] = [];
    const options = { slowStop: false, failCreate: false };
    const factory: DriverFactory = {
      create: (account, password, ctx) => {
        if (options.failCreate) throw new Error('no such protocol today');
        const driver = new FakeDriver(account, typeof password === 'string' ? password : undefined, ctx, options);
        drivers.push(driver);
        return driver as unknown as AccountDriver;
      },
      test: () => Promise.reject(new Error('unused')),
    };
    const watch: Bridge['watch'] = { closed: 0, opened: 0 };
    const watchAccounts: WatchAccounts = (_file, onChange) => {
      watch.opened++;
      watch.onChange = onChange;
      return { close: () => void watch.closed++ };
    };
    const emit = <T extends EventType>(type: T, data: EventData<T>) => void events.push({ type, data });
    const manager = new AccountManager(
      store,
      { imap: factory, pop3: factory },
      join(dir, 'state'),
      silentLogger,
      emit,
      watchAccounts,
    );
    return { manager, drivers, events, watch, options };
  }

  const changed = (x: Bridge) => x.events.filter((e) => e.type === 'accounts.changed');
  const live = (x: Bridge) => x.drivers.filter((d) => !d.stopped);
  const settings = { type: 'imap', host: '127.0.0.1', security: 'none', user: 'ann' } as const;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mg-manager-'));
    a = bridge();
    b = bridge();
    a.manager.startAll();
    b.manager.startAll();
  });
  afterEach(async () => {
    for (const x of [a, b]) x.options.slowStop = false;
    await a.manager.stopAll();
    await b.manager.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows an add, an edit, a new password and a removal made by the other bridge', async () => {
    const id = a.manager.add(settings, 'one').id;
    expect(await b.manager.reconcile()).toBe(true);
    expect(live(b).map((d) => [d.account.id, d.password])).toEqual([[id, 'one']]);
    expect(changed(b).at(-1)?.data).toMatchObject({ accounts: [{ id, state: 'connected', hasPassword: true }] });

    await a.manager.update(id, { watchedFolders: ['INBOX', 'Work'] });
    expect(await b.manager.reconcile()).toBe(true);
    expect(b.drivers[0].stopped).toBe(true);
    expect(live(b).map((d) => d.account.watchedFolders)).toEqual([['INBOX', 'Work']]);

    await a.manager.update(id, {}, 'two');
    expect(await b.manager.reconcile()).toBe(true);
    expect(live(b).map((d) => d.password)).toEqual(['two']);
    expect(b.drivers).toHaveLength(3);

    await a.manager.remove(id);
    const before = b.events.length;
    expect(await b.manager.reconcile()).toBe(true);
    expect(live(b)).toEqual([]);
    expect(changed(b).at(-1)?.data).toEqual({ accounts: [] });
    // A stopped driver's late events go nowhere.
    b.drivers[2].ctx.emit('account.state', { accountId: id, state: 'connected' });
    b.drivers[2].ctx.setState('reconnecting');
    expect(b.events.slice(before + 1)).toEqual([]);
  });

  it('refreshes every account although one is down; asked for that one, it reports the failure', async () => {
    const down = await a.manager.add({ ...settings, user: 'down' }, 'pw');
    await a.manager.add({ ...settings, user: 'up' }, 'pw');
    const [first, second] = live(a);
    first.failRefresh = true;
    await expect(a.manager.refresh()).resolves.toBeUndefined();
    expect([first.refreshes, second.refreshes]).toEqual([1, 1]);
    await expect(a.manager.refresh(down.id)).rejects.toThrow('server down');
  });

  it('finds nothing to do after its own writes: no second restart, no extra event', async () => {
    const id = a.manager.add(settings, 'one').id;
    await a.manager.update(id, { label: 'Work' }, 'two');
    const events = a.events.length;
    expect(await a.manager.reconcile()).toBe(false);
    expect(a.drivers).toHaveLength(2);
    expect(live(a)).toHaveLength(1);
    expect(a.events).toHaveLength(events);

    expect(await b.manager.reconcile()).toBe(true);
    expect(await b.manager.reconcile()).toBe(false);
    expect(b.drivers).toHaveLength(1);
    expect(changed(b)).toHaveLength(1);
  });

  it('does not start a second driver when a reconcile runs while its own update is stopping the old one', async () => {
    const id = a.manager.add(settings, 'one').id;
    a.options.slowStop = true;
    const update = a.manager.update(id, { label: 'Work' });
    const reconcile = a.manager.reconcile();
    await vi.waitFor(() => expect(a.drivers[0].release).toBeDefined());
    a.drivers[0].release?.();
    await update;
    expect(await reconcile).toBe(false);
    expect(live(a).map((d) => d.account.label)).toEqual(['Work']);
    expect(a.drivers).toHaveLength(2);
  });

  it('starts nothing once stopAll ran during a reconcile', async () => {
    const id = a.manager.add(settings, 'one').id;
    await b.manager.reconcile();
    b.options.slowStop = true;
    await a.manager.update(id, { label: 'Work' });
    const reconcile = b.manager.reconcile();
    await vi.waitFor(() => expect(b.drivers[0].release).toBeDefined());
    const stopAll = b.manager.stopAll();
    b.drivers[0].release?.();
    await stopAll;
    expect(await reconcile).toBe(false);
    expect(live(b)).toEqual([]);
  });

  it('reports a driver that cannot be created once, and retries only when the account changes', async () => {
    b.options.failCreate = true;
    const id = a.manager.add(settings, 'one').id;
    expect(await b.manager.reconcile()).toBe(true);
    expect(b.manager.list()).toMatchObject([{ id, state: 'error', stateDetail: 'no such protocol today' }]);
    expect(await b.manager.reconcile()).toBe(false);
    await expect(b.manager.resync()).resolves.toBeUndefined();
    await expect(b.manager.refresh(id)).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    b.options.failCreate = false;
    await a.manager.update(id, { label: 'Fixed' });
    expect(await b.manager.reconcile()).toBe(true);
    expect(b.manager.list()).toMatchObject([{ id, state: 'connected', label: 'Fixed' }]);
  });

  it('keeps its drivers while the file is damaged, and follows again once it is readable', async () => {
    const id = a.manager.add(settings, 'one').id;
    await b.manager.reconcile();
    // Half-written by hand: the file as a whole cannot be read (a damaged entry alone is skipped).
    writeFileSync(join(dir, 'accounts.json'), '{"version": 1, "accounts": [{"id": ');
    expect(await b.manager.reconcile()).toBe(false);
    expect(live(b).map((d) => d.account.id)).toEqual([id]);
    writeFileSync(join(dir, 'accounts.json'), '{"version": 1, "accounts": []}');
    expect(await b.manager.reconcile()).toBe(true);
    expect(live(b)).toEqual([]);
  });

  it('watches from hello (once, however many) until stopAll, and reconciles on a change', async () => {
    b.manager.startAll();
    expect(b.watch.opened).toBe(1);
    a.manager.add(settings, 'one');
    b.watch.onChange?.();
    await vi.waitFor(() => expect(live(b)).toHaveLength(1));
    await b.manager.stopAll();
    expect(b.watch.closed).toBe(1);
    expect(await b.manager.reconcile()).toBe(false);
  });

  it("never queues one account's update behind another account's stuck removal", async () => {
    const stuck = a.manager.add(settings, 'one').id;
    const other = a.manager.add({ ...settings, user: 'bob' }, 'two').id;
    a.options.slowStop = true;
    const removal = a.manager.remove(stuck);
    await vi.waitFor(() => expect(a.drivers.find((d) => d.account.id === stuck)?.release).toBeDefined());
    a.options.slowStop = false;
    let updated = false;
    const update = a.manager.update(other, { label: 'Bob' }).then(() => (updated = true));
    await vi.waitFor(() => expect(updated).toBe(true), { timeout: 2_000 });
    // The same account's work still waits its turn, and a reconcile waits for both.
    a.drivers.find((d) => d.account.id === stuck)?.release?.();
    await removal;
    await update;
    expect(a.manager.list().map((x) => x.label)).toEqual(['Bob']);
  });

  it('reads the secrets once for the whole account list', () => {
    for (let i = 0; i < 20; i++) a.manager.add({ ...settings, user: `u${i}` }, `pw${i}`);
    const store = new AccountStore(join(dir, 'accounts.json'), fileSecretStore(join(dir, 'secrets.json')));
    let batches = 0;
    let gets = 0;
    const secrets = store.secrets;
    const counting = {
      ...secrets,
      get: (id: string) => (gets++, secrets.get(id)),
      batch: () => (batches++, secrets.batch!()),
    };
    const manager = new AccountManager(
      new AccountStore(store.file, counting),
      {} as never,
      join(dir, 'state'),
      silentLogger,
      () => undefined,
    );
    const list = manager.list();
    expect(list).toHaveLength(20);
    expect(list.every((x) => x.hasPassword)).toBe(true);
    expect({ batches, gets }).toEqual({ batches: 1, gets: 0 });
  });
});
