import { describe, expect, it } from 'vitest';
import type { AccountEntry } from './account-store';
import { withDefaults } from './defaults';
import { diffAccounts, isEmptyDiff } from './reconcile';

function entry(id: string, changes: Record<string, unknown> = {}, secretRevision?: string): AccountEntry {
  return {
    account: withDefaults(id, { type: 'imap', host: 'mail.example.org', user: 'ann', ...changes }),
    secretRevision,
  };
}

const running = (...entries: AccountEntry[]) => new Map(entries.map((e) => [e.account.id, e]));
const ids = (entries: AccountEntry[]) => entries.map((e) => e.account.id);

describe('diffAccounts', () => {
  it('finds nothing when what runs is what the file holds', () => {
    const diff = diffAccounts(running(entry('a', {}, 'r1'), entry('b')), [entry('a', {}, 'r1'), entry('b')]);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('treats an absent optional setting like an undefined one (a JSON round trip drops undefined)', () => {
    const fromFile = JSON.parse(JSON.stringify(entry('a'))) as AccountEntry;
    expect(fromFile.account).not.toHaveProperty('pinnedCert');
    expect(isEmptyDiff(diffAccounts(running(entry('a')), [fromFile]))).toBe(true);
  });

  it('starts new accounts, stops removed ones, and restarts changed ones', () => {
    const diff = diffAccounts(running(entry('kept'), entry('gone'), entry('edited')), [
      entry('kept'),
      entry('edited', { watchedFolders: ['INBOX', 'Work'] }),
      entry('new'),
    ]);
    expect(ids(diff.start)).toEqual(['new']);
    expect(diff.stop).toEqual(['gone']);
    expect(ids(diff.restart)).toEqual(['edited']);
    expect(diff.restart[0].account.watchedFolders).toEqual(['INBOX', 'Work']);
  });

  it('restarts on any setting, the label included, as account.update does', () => {
    expect(ids(diffAccounts(running(entry('a')), [entry('a', { label: 'Work' })]).restart)).toEqual(['a']);
    expect(ids(diffAccounts(running(entry('a')), [entry('a', { port: 1143 })]).restart)).toEqual(['a']);
  });

  it('restarts when only the secret changed, or a first password arrived', () => {
    expect(ids(diffAccounts(running(entry('a', {}, 'r1')), [entry('a', {}, 'r2')]).restart)).toEqual(['a']);
    expect(ids(diffAccounts(running(entry('a')), [entry('a', {}, 'r1')]).restart)).toEqual(['a']);
  });

  it('stops everything when the file lost every account', () => {
    const diff = diffAccounts(running(entry('a'), entry('b')), []);
    expect(diff.stop.sort()).toEqual(['a', 'b']);
    expect(diff.start).toEqual([]);
    expect(diff.restart).toEqual([]);
  });
});
