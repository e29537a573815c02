/**
 * The built bridge refuses to move a stored password to another server: `account.update` that
 * changes host, port, security, user or the pinned certificate needs the password again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BridgeProcess } from '../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';

describe('account.update and the stored password', () => {
  let dir: string;
  let bridge: BridgeProcess;

  beforeAll(() => requireBuilt(BRIDGE_BUNDLE));
  afterEach(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a new host, port, security, user or pin without the password, and accepts it with one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mg-pwtarget-'));
    bridge = new BridgeProcess(join(dir, 'cfg'));
    await bridge.hello();
    // Port 9 (discard) on loopback: nothing answers, so no login is attempted anywhere meanwhile.
    const settings = { type: 'pop3', host: '127.0.0.1', port: 9, security: 'none', user: 'ann' };
    const added = await bridge.request('add', 'account.add', { settings, password: 'old-secret' });
    const id = (added.result as { account: { id: string } }).account.id;
    const accountsFile = join(dir, 'cfg', 'accounts.json');
    const before = readFileSync(accountsFile, 'utf8');

    const changes = [
      { host: 'localhost' },
      { port: 10 },
      { security: 'tls' },
      { user: 'bob' },
      { pinnedCert: 'ab'.repeat(32) },
    ];
    for (const [i, change] of changes.entries()) {
      const reply = await bridge.request(`u${i}`, 'account.update', { accountId: id, settings: change });
      expect(reply, JSON.stringify(change)).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/needs the password again/) },
      });
    }
    expect(readFileSync(accountsFile, 'utf8')).toBe(before);

    expect(
      await bridge.request('label', 'account.update', { accountId: id, settings: { label: 'Home' } }),
    ).toMatchObject({
      ok: true,
      result: { account: { label: 'Home', hasPassword: true } },
    });
    const moved = await bridge.request('moved', 'account.update', {
      accountId: id,
      settings: { port: 10 },
      password: 'new-secret',
    });
    expect(moved).toMatchObject({ ok: true, result: { account: { port: 10, hasPassword: true } } });
    expect(JSON.parse(readFileSync(join(dir, 'cfg', 'secrets.json'), 'utf8'))[id]).toBe('new-secret');
  });
});
