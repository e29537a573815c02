/**
 * accounts.json and secrets.json as a user, a crash or a newer version may leave them: one bad
 * entry is skipped and reported, a damaged file lists nothing and is never overwritten, and what
 * the bridge does not understand survives its writes.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeError } from '../../protocol';
import { fileSecretStore } from '../secrets/secret-store';
import { AccountStore } from './account-store';
import { configProblems } from './config-problems';

const settings = { type: 'imap', host: 'mail.example.org', user: 'ann' } as const;

describe('AccountStore with damaged or foreign files', () => {
  let dir: string;
  let file: string;
  let store: AccountStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mg-damage-'));
    file = join(dir, 'accounts.json');
    store = new AccountStore(file, fileSecretStore(join(dir, 'secrets.json')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as BridgeError).code;
    }
    return 'no error';
  };

  it.each([' ', '\t', '\r\n'])(
    'refuses a host of only whitespace (%j) on add and update, and stays readable',
    (host) => {
      expect(code(() => store.add({ ...settings, host }))).toBe('BAD_REQUEST');
      const { account } = store.add(settings);
      expect(code(() => store.update(account.id, { host }))).toBe('BAD_REQUEST');
      expect(store.list()).toEqual([expect.objectContaining({ id: account.id, host: 'mail.example.org' })]);
      expect(store.problems()).toEqual([]);
    },
  );

  it('skips and reports an entry that fails the schema, a path-like id and a repeated id, and lists the rest', () => {
    const good = { id: 'good-1', settings };
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        accounts: [
          { id: 'empty-host', settings: { ...settings, host: '' } },
          good,
          { id: '../../escape', settings },
          { id: 'good-1', settings: { ...settings, user: 'bob' } },
          'not an object',
        ],
      }),
    );
    expect(store.list().map((a) => a.id)).toEqual(['good-1']);
    expect(store.list()[0].user).toBe('ann');
    const problems = store.problems();
    expect(problems).toHaveLength(4);
    expect(problems.every((p) => p.where === 'accounts.json')).toBe(true);
    expect(problems[0].detail).toMatch(/account 1 \(empty-host\).*host.*skipped/);
    expect(problems[1].detail).toMatch(/account 3 has an invalid id/);
    expect(JSON.stringify(problems)).not.toContain('escape');
  });

  it('keeps damaged entries and fields a newer version wrote when it writes', () => {
    const damaged = { id: 'x', settings: { ...settings, host: '' } };
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        futureTop: { a: 1 },
        accounts: [damaged, { id: 'ok', settings: { ...settings, futureSetting: 7 }, futureEntry: 'keep' }],
      }),
    );
    store.update('ok', { label: 'Work' });
    store.add({ ...settings, user: 'new' });
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.futureTop).toEqual({ a: 1 });
    expect(onDisk.accounts[0]).toEqual(damaged);
    expect(onDisk.accounts[1]).toMatchObject({ futureEntry: 'keep', settings: { futureSetting: 7, label: 'Work' } });
    expect(onDisk.accounts).toHaveLength(3);
    // A damaged entry with a valid id can still be removed.
    store.remove('x');
    expect(JSON.parse(readFileSync(file, 'utf8')).accounts).toHaveLength(2);
  });

  it.each([
    ['truncated', '{"version":1,"accounts":[{"id":"a","sett'],
    ['not JSON', 'hello'],
    ['wrong type', '[1,2,3]'],
    ['wrong accounts type', '{"version":1,"accounts":{}}'],
    ['newer format', '{"version":2,"accounts":[]}'],
  ])('a %s accounts.json lists nothing, is reported, and is never overwritten', (_name, content) => {
    writeFileSync(file, content);
    expect(store.list()).toEqual([]);
    expect(store.problems()).toEqual([
      { where: 'accounts.json', detail: expect.stringMatching(/no account can be read/) },
    ]);
    expect(code(() => store.add(settings, 'pw'))).toBe('CONFIG_DAMAGED');
    expect(readFileSync(file, 'utf8')).toBe(content);
    // Refused before the secret was stored: no orphan password.
    expect(() => readFileSync(join(dir, 'secrets.json'))).toThrow();
  });

  it('an unreadable accounts.json is reported, not thrown', () => {
    // Root reads any file whatever its mode: there, a folder in the file's place is unreadable.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) mkdirSync(file);
    else {
      writeFileSync(file, JSON.stringify({ version: 1, accounts: [] }));
      chmodSync(file, 0o000);
    }
    expect(store.list()).toEqual([]);
    expect(store.problems()[0].detail).toMatch(asRoot ? /cannot be read \(EISDIR\)/ : /cannot be read \(EACCES\)/);
  });

  it('follows a symlinked accounts.json: the link stays and its target gets the write', () => {
    const real = join(dir, 'dotfiles', 'accounts.json');
    mkdirSync(join(dir, 'dotfiles'));
    writeFileSync(real, JSON.stringify({ version: 1, accounts: [] }));
    symlinkSync(real, file);
    store.add(settings);
    expect(readlinkSync(file)).toBe(real);
    expect(JSON.parse(readFileSync(real, 'utf8')).accounts).toHaveLength(1);
  });

  it.each([
    ['truncated', '{"a":"pw'],
    ['wrong type', '"text"'],
  ])('a %s secrets.json reads as no password, is reported, and is not overwritten', (_name, content) => {
    const { account } = store.add(settings);
    writeFileSync(join(dir, 'secrets.json'), content);
    expect(store.password(account.id)).toBeUndefined();
    expect(store.problems()).toEqual([{ where: 'secrets.json', detail: expect.stringMatching(/secrets\.json/) }]);
    expect(code(() => store.update(account.id, {}, 'pw'))).toBe('CONFIG_DAMAGED');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toBe(content);
  });

  it('reports a logs path that is a file', () => {
    writeFileSync(join(dir, 'logs'), 'not a folder');
    expect(configProblems(store)).toEqual([{ where: 'logs', detail: expect.stringMatching(/is not a folder/) }]);
  });
});
