import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSecretStore } from '../secrets/secret-store';
import { AccountStore } from './account-store';

describe('AccountStore secret revisions', () => {
  let dir: string;
  let store: AccountStore;
  const settings = { type: 'imap', host: '127.0.0.1', security: 'none', user: 'ann' } as const;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mg-store-'));
    store = new AccountStore(join(dir, 'accounts.json'), fileSecretStore(join(dir, 'secrets.json')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const onDisk = () => JSON.parse(readFileSync(join(dir, 'accounts.json'), 'utf8')) as { accounts: object[] };

  it('writes a new revision with every password, and keeps it when only settings change', () => {
    const added = store.add(settings, 'one');
    expect(added.secretRevision).toMatch(/\S/);
    const relabelled = store.update(added.account.id, { label: 'Work' });
    expect(relabelled.secretRevision).toBe(added.secretRevision);
    const repassworded = store.update(added.account.id, {}, 'two');
    expect(repassworded.secretRevision).not.toBe(added.secretRevision);
    expect(store.entries()).toEqual([repassworded]);
    expect(store.password(added.account.id)).toBe('two');
    expect(JSON.stringify(onDisk())).not.toContain('two');
  });

  it('has no revision for an account saved without a password', () => {
    const added = store.add(settings);
    expect(added.secretRevision).toBeUndefined();
    expect(onDisk().accounts[0]).not.toHaveProperty('secretRevision');
  });

  it('reads a file written before revisions existed, and keeps its settings on update', () => {
    writeFileSync(
      join(dir, 'accounts.json'),
      JSON.stringify({ version: 1, accounts: [{ id: 'old', settings: { ...settings, port: 1143 } }] }),
    );
    expect(store.entries()).toEqual([{ account: expect.objectContaining({ id: 'old', port: 1143 }) }]);
    const updated = store.update('old', {}, 'pw');
    expect(updated.account.port).toBe(1143);
    expect(onDisk().accounts[0]).toMatchObject({ id: 'old', secretRevision: updated.secretRevision });
  });

  it.each([
    ['host', { host: 'evil.example.net' }],
    ['port', { port: 1143 }],
    ['security', { security: 'tls' as const }],
    ['user', { user: 'bob' }],
    ['pinned certificate', { pinnedCert: 'ab'.repeat(32) }],
  ])('refuses a %s change without the password, so the stored one never goes to another server', (_what, change) => {
    const { account } = store.add(settings, 'secret');
    expect(() => store.update(account.id, change)).toThrow(/needs the password again/);
    expect(store.get(account.id)).toEqual(account);
    const updated = store.update(account.id, change, 'for-the-new-server');
    expect(updated.account).toMatchObject(
      'pinnedCert' in change ? { pinnedCert: expect.stringMatching(/^AB:AB/) } : change,
    );
    expect(store.password(account.id)).toBe('for-the-new-server');
  });

  it('lets other changes, a same-host spelling and password-less accounts through without a password', () => {
    const { account } = store.add(settings, 'secret');
    expect(store.update(account.id, { label: 'Work', host: ' 127.0.0.1 ', pollIntervalSec: 300 }).account.label).toBe(
      'Work',
    );
    const bare = store.add({ ...settings, user: 'nopw' }).account;
    expect(store.update(bare.id, { host: 'elsewhere.example' }).account.host).toBe('elsewhere.example');
  });
});
