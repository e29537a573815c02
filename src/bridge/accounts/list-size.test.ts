import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_HOST_MESSAGE_BYTES } from '../../protocol';
import { silentLogger } from '../log';
import { encodeFrame } from '../native/framing';
import { fileSecretStore } from '../secrets/secret-store';
import { AccountStore } from './account-store';
import { withDefaults } from './defaults';
import { listReplyBytes } from './list-size';
import { AccountManager } from './manager';

describe('a save that would make accounts.list too large', () => {
  let dir: string;
  let store: AccountStore;
  const settings = (i: number) => ({
    type: 'imap' as const,
    host: 'mail.example.org',
    user: `user-${i}@example.org`,
    label: `Account ${i} `.padEnd(150, '-'),
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mg-listsize-'));
    store = new AccountStore(join(dir, 'accounts.json'), fileSecretStore(join(dir, 'secrets.json')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'is refused before anything is written, and every list that was saved still fits one message',
    { timeout: 60_000 },
    () => {
      // The largest count whose list fits, by the store's measure; two adds from below cross it.
      const accountsOf = (n: number) => Array.from({ length: n }, (_, i) => withDefaults(`a${i}`, settings(i)));
      let [fits, over] = [1, 10_000]; // binary search: fits fits, over does not
      while (over - fits > 1) {
        const mid = Math.floor((fits + over) / 2);
        if (listReplyBytes(accountsOf(mid)) <= MAX_HOST_MESSAGE_BYTES) fits = mid;
        else over = mid;
      }
      expect(fits).toBeGreaterThan(500); // a sane number of accounts is never refused
      const accounts = accountsOf(fits - 1).map((a, i) => ({ id: a.id, settings: settings(i) }));
      writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ version: 1, accounts }));
      store.add(settings(fits - 1), 'pw');
      const before = readFileSync(join(dir, 'accounts.json'), 'utf8');
      expect(() => store.add(settings(fits), 'pw')).toThrow(/not saved: the account list would take \d+ KB/);
      expect(readFileSync(join(dir, 'accounts.json'), 'utf8')).toBe(before);
      expect(Object.keys(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')))).toHaveLength(1);

      // What was saved is listable: the real reply, with long states, fits one frame.
      const manager = new AccountManager(store, {} as never, join(dir, 'state'), silentLogger, () => undefined);
      const views = manager.list().map((a) => ({ ...a, state: 'reconnecting' as const, stateDetail: 'x'.repeat(200) }));
      expect(views).toHaveLength(fits);
      const frame = encodeFrame({ kind: 'reply', id: 'x'.repeat(64), ok: true, result: { accounts: views } }, Infinity);
      expect(frame.length).toBeLessThanOrEqual(MAX_HOST_MESSAGE_BYTES + 4);
      // An update that grows an account (within the schema's 2,048-character URL) is refused the
      // same way; removing one still works.
      expect(() => store.update('a0', { webmailUrl: `https://example.org/${'x'.repeat(2000)}` })).toThrow(/not saved/);
      store.remove('a0');
    },
  );
});
