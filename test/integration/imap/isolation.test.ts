/**
 * One broken account never disturbs the others (manager.ts "a failing account only
 * ever changes its own state"): one AccountManager — as one bridge session runs it — with a
 * healthy account, one with a wrong password and one whose port has nothing listening. The
 * healthy one gets its snapshot, its pushes and its actions while the others sit in authFailed
 * and reconnecting (retrying on their own backoff).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore } from '../../../src/bridge/accounts/account-store';
import { AccountManager } from '../../../src/bridge/accounts/manager';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import { silentLogger } from '../../../src/bridge/log';
import { pop3DriverFactory } from '../../../src/bridge/pop3';
import { fileSecretStore } from '../../../src/bridge/secrets/secret-store';
import type { AccountSettings, AccountState, EventData, EventType } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { Recorder } from './helpers';

/** A loopback port with nothing listening on it (bound once, then released). */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe.skipIf(!requireDovecot())('one broken account never disturbs the others', () => {
  let dc: Dovecot;
  let dir: string;
  let manager: AccountManager;
  // Recorder doubles as the manager's event sink: waits on `emit`ted events.
  const rec = new Recorder();
  const ids = { healthy: '', badPassword: '', nobodyHome: '' };

  const stateOf = (accountId: string): AccountState | undefined =>
    rec
      .of('account.state')
      .filter((s) => s.accountId === accountId)
      .at(-1)?.state;
  const statesOf = (accountId: string) =>
    rec
      .of('account.state')
      .filter((s) => s.accountId === accountId)
      .map((s) => s.state);
  const forAccount = <T extends 'mailbox.snapshot' | 'mailbox.delta'>(type: T, accountId: string, from = 0) =>
    rec.of(type, from).filter((e) => e.accountId === accountId && e.mailbox.path === 'INBOX');

  beforeAll(async () => {
    dc = await startDovecot({ users: ['alice', 'bob'].map((user) => ({ user, password: 'pw' })) });
    for (let i = 1; i <= 3; i++) await dc.deliver('alice', buildMessage({ subject: `a${i}` }));
    await dc.deliver('bob', buildMessage({ subject: 'b1' }));
    dir = mkdtempSync(join(tmpdir(), 'mg-isolation-'));
    const store = new AccountStore(join(dir, 'accounts.json'), fileSecretStore(join(dir, 'secrets.json')));
    const emit = <T extends EventType>(type: T, data: EventData<T>) => rec.emit(type, data);
    manager = new AccountManager(
      store,
      { imap: createImapDriverFactory({ backoff: { baseMs: 200, maxMs: 1_000 } }), pop3: pop3DriverFactory },
      join(dir, 'state'),
      silentLogger,
      emit,
      () => ({ close() {} }),
    );
    const imap = (user: string, port: number): AccountSettings => ({
      type: 'imap',
      host: dc.host,
      port,
      security: 'none',
      user,
    });
    // The broken ones first, so the healthy account starts last, behind their failures.
    ids.badPassword = manager.add(imap('bob', dc.ports.imap), 'wrong').id;
    ids.nobodyHome = manager.add(imap('alice', await deadPort()), 'pw').id;
    ids.healthy = manager.add(imap('alice', dc.ports.imap), 'pw').id;
    manager.startAll();
  });
  afterAll(async () => {
    await manager?.stopAll();
    await dc?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the healthy account connects and gets its snapshot; the others fail on their own', async () => {
    const snap = await rec.waitFor(() => forAccount('mailbox.snapshot', ids.healthy)[0], 10_000, 'healthy snapshot');
    expect(snap.mailbox).toMatchObject({ total: 3, unseen: 3 });
    expect(snap.messages.map((m) => m.subject).sort()).toEqual(['a1', 'a2', 'a3']);
    await rec.waitFor(() => stateOf(ids.badPassword) === 'authFailed', 10_000, 'authFailed');
    // Several failed attempts on the dead port while the healthy account works.
    await rec.waitFor(
      () => statesOf(ids.nobodyHome).filter((s) => s === 'reconnecting').length >= 3,
      10_000,
      'reconnect attempts on the dead port',
    );
    // The snapshot may come before `connected`: with QRESYNC it is synced while push opens.
    await rec.waitFor(() => stateOf(ids.healthy) === 'connected', 10_000, 'healthy connected');
    // Once connected, account.state repeats `connected` only to carry the push health.
    expect(rec.of('account.state').filter((s) => s.accountId === ids.healthy && s.push)).not.toEqual([]);
    expect(statesOf(ids.healthy).filter((s, i, all) => s !== all[i - 1])).toEqual(['connecting', 'connected']);
    // No mailbox events leak from (or to) the broken accounts.
    expect(rec.of('mailbox.snapshot').filter((e) => e.accountId !== ids.healthy)).toEqual([]);
    const views = Object.fromEntries(manager.list().map((a) => [a.id, a.state]));
    expect(views).toEqual({
      [ids.healthy]: 'connected',
      [ids.badPassword]: 'authFailed',
      [ids.nobodyHome]: 'reconnecting',
    });
  });

  it('the healthy account keeps getting pushes and answering actions while the other retries', async () => {
    for (let i = 0; i < 3; i++) {
      const from = rec.events.length;
      const subject = `push ${i}`;
      await dc.deliver('alice', buildMessage({ subject }));
      const ev = await rec.waitFor(
        () => forAccount('mailbox.delta', ids.healthy, from).find((d) => d.added.some((h) => h.subject === subject)),
        5_000,
        `delta for ${subject}`,
      );
      expect(ev.mailbox).toMatchObject({ total: 4 + i, unseen: 4 + i });
    }
    const snap = forAccount('mailbox.snapshot', ids.healthy)[0];
    const st = await manager.act(
      { accountId: ids.healthy, mailbox: 'INBOX', uidValidity: snap.mailbox.uidValidity, uid: '1' },
      'markRead',
      'iso-1',
    );
    expect(st).toMatchObject({ total: 6, unseen: 5 });
    expect(stateOf(ids.nobodyHome)).toBe('reconnecting');
    expect(stateOf(ids.badPassword)).toBe('authFailed');
    // The broken accounts answer for themselves only.
    await expect(manager.resync(ids.badPassword)).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    await expect(manager.resync(ids.healthy)).resolves.toBeUndefined();
  });
});
