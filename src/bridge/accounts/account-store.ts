/**
 * Account settings in `<config>/accounts.json` (0600), secrets in the SecretStore. Chrome and
 * Firefox each start their own bridge process on the same folder, so every read goes to the file
 * and every write is atomic: both browsers see the same accounts.
 *
 * A secret lives outside this file (often in the OS keyring), so a password change would be
 * invisible to the other bridge. Each account therefore carries an opaque `secretRevision` that is
 * renewed whenever its password is set: the file changes (which wakes the other bridge's watcher)
 * and the other bridge can tell that its driver runs with an old password (see reconcile.ts).
 *
 * The file is read defensively (docs/protocol.md, "Config problems"): an entry that does not
 * validate is skipped and reported, never allowed to make the other accounts unreadable, and it
 * is written back untouched, as are fields a newer version wrote. A file that cannot be read at
 * all lists no accounts and refuses writes (CONFIG_DAMAGED) rather than overwrite what it holds.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import * as v from 'valibot';
import { AccountSettings, BridgeError, ErrorCode, passwordTargetChanged, type ConfigProblem } from '../../protocol';
import { readJsonFile, writePrivateJson } from '../fs-private';
import type { SecretStore } from '../secrets/secret-store';
import { isValidAccountId } from './account-id';
import { toSettings, withDefaults } from './defaults';
import type { StoredAccount } from './driver';
import { assertListFits } from './list-size';

/** An account as the file holds it: settings with defaults, and the revision of its secret. */
export interface AccountEntry {
  account: StoredAccount;
  /** Renewed on every password write; undefined for an account that never had one stored. */
  secretRevision?: string;
}

type RawFile = Record<string, unknown> & { accounts: unknown[] };

interface FileView {
  /** The file as read: unknown fields (top level, entries, settings) survive a write. */
  raw: RawFile;
  /** Valid entries with their position in `raw.accounts`. */
  entries: { index: number; entry: AccountEntry }[];
  problems: ConfigProblem[];
  /** Why writing this file back would lose what it holds; undefined when it is safe. */
  unwritable?: string;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Names the field and the rule, never the value (a settings file is the user's data). */
function describeIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const field = v.getDotPath(issue) ?? 'settings';
  if (issue.type === 'min_length') return `${field} must not be empty or only spaces`;
  return `${field} is invalid (expected ${issue.expected ?? issue.type})`;
}

/**
 * Settings with defaults, checked in the form they are stored in: withDefaults trims the host,
 * so " " passes AccountSettings but would be saved as "", which AccountSettings refuses on the
 * next read. Validating the stored value makes "accepted" and "readable later" the same thing.
 */
export function normalizeSettings(id: string, settings: AccountSettings): StoredAccount {
  const account = withDefaults(id, settings);
  const stored = v.safeParse(AccountSettings, toSettings(account));
  if (!stored.success) throw new BridgeError(ErrorCode.BadRequest, describeIssue(stored.issues));
  return account;
}

/** One entry of the file, or why it is skipped. */
function parseEntry(raw: unknown): AccountEntry | string {
  if (!isRecord(raw)) return 'is not an object';
  const { id, settings, secretRevision } = raw;
  if (typeof id !== 'string' || !isValidAccountId(id)) return 'has an invalid id';
  if (secretRevision !== undefined && typeof secretRevision !== 'string')
    return `(${id}) has an invalid secretRevision`;
  const parsed = v.safeParse(AccountSettings, settings);
  if (!parsed.success) return `(${id}): ${describeIssue(parsed.issues)}`;
  try {
    return { account: normalizeSettings(id, parsed.output), secretRevision };
  } catch (error) {
    return `(${id}): ${(error as Error).message}`;
  }
}

export function parseAccountsFile(name: string, value: unknown): FileView {
  const problem = (detail: string): ConfigProblem => ({ where: 'accounts.json', detail: detail.slice(0, 300) });
  const damaged = (detail: string): FileView => ({
    raw: { version: 1, accounts: [] },
    entries: [],
    problems: [problem(`${name} ${detail}; no account can be read`)],
    unwritable: detail,
  });
  if (!isRecord(value)) return damaged('is not a JSON object');
  if (typeof value.version === 'number' && value.version > 1)
    return damaged(`was written by a newer Mailglance (format ${value.version})`);
  if (value.version !== 1) return damaged('has no valid "version"');
  if (!Array.isArray(value.accounts)) return damaged('has no "accounts" list');
  const view: FileView = { raw: value as RawFile, entries: [], problems: [] };
  const seen = new Set<string>();
  value.accounts.forEach((rawEntry, index) => {
    const parsed = parseEntry(rawEntry);
    let why = typeof parsed === 'string' ? parsed : undefined;
    if (typeof parsed !== 'string' && seen.has(parsed.account.id)) why = `(${parsed.account.id}) repeats an id`;
    if (why !== undefined) {
      view.problems.push(problem(`account ${index + 1} ${why}: skipped`));
      return;
    }
    const entry = parsed as AccountEntry;
    seen.add(entry.account.id);
    view.entries.push({ index, entry });
  });
  return view;
}

const pickIncoming = (a: StoredAccount) => ({
  host: a.host,
  port: a.port,
  security: a.security,
  user: a.user,
  pinnedCert: a.pinnedCert,
});

/** Where an account's separate SMTP secret is kept in the secret store. */
export const smtpSecretId = (accountId: string) => `${accountId}:smtp`;

export class AccountStore {
  constructor(
    /** accounts.json; the manager watches it for writes by another bridge process. */
    readonly file: string,
    readonly secrets: SecretStore,
  ) {}

  list(): StoredAccount[] {
    return this.entries().map((e) => e.account);
  }

  /**
   * Every readable account with its secret revision, from one read of the file. Read this before
   * the password: writers store the secret first and the revision second, so a revision seen here
   * guarantees the secret read afterwards is at least that new.
   */
  entries(): AccountEntry[] {
    return this.read().entries.map((e) => e.entry);
  }

  /**
   * Like `entries`, but a file that cannot be read as a whole throws CONFIG_DAMAGED instead of
   * listing nothing: reconcile keeps what runs rather than stop every account over a half-written
   * hand edit. Skipped entries are still skipped.
   */
  readableEntries(): AccountEntry[] {
    const file = this.read();
    this.check(file);
    return file.entries.map((e) => e.entry);
  }

  /** What is wrong with accounts.json and the secret store; empty when nothing is. */
  problems(): ConfigProblem[] {
    return [...this.read().problems, ...(this.secrets.problems?.() ?? [])];
  }

  /** Throws CONFIG_DAMAGED when the file as a whole cannot be read (the CLI stops on it). */
  assertReadable(): void {
    this.check(this.read());
  }

  get(id: string): StoredAccount {
    const account = this.list().find((a) => a.id === id);
    if (!account) throw new BridgeError(ErrorCode.AccountNotFound, `no account "${id}"`);
    return account;
  }

  add(settings: AccountSettings, password?: string): AccountEntry {
    const id = randomUUID();
    const account = normalizeSettings(id, settings);
    const file = this.read();
    const entry: Record<string, unknown> = { id, settings: toSettings(account) };
    const accounts = [...file.raw.accounts, entry];
    this.check(file, accounts);
    const secretRevision = this.setSecret(id, password);
    if (secretRevision !== undefined) entry.secretRevision = secretRevision;
    writePrivateJson(this.file, { ...file.raw, version: 1, accounts });
    return { account, secretRevision };
  }

  update(id: string, changes: Partial<AccountSettings>, password?: string, smtpPassword?: string): AccountEntry {
    const file = this.read();
    const found = file.entries.find((e) => e.entry.account.id === id);
    if (!found) throw new BridgeError(ErrorCode.AccountNotFound, `no account "${id}"`);
    const merged = v.safeParse(AccountSettings, { ...toSettings(found.entry.account), ...changes });
    if (!merged.success) throw new BridgeError(ErrorCode.BadRequest, describeIssue(merged.issues));
    const account = normalizeSettings(id, merged.output);
    const before = found.entry.account;
    // The incoming password may only follow an incoming change when given again; an SMTP change
    // may be covered by a new SMTP secret instead (sending then no longer uses the incoming one).
    const incomingMoved = passwordTargetChanged({ ...before, smtp: undefined }, { ...account, smtp: undefined });
    const smtpMoved = passwordTargetChanged(before, { ...account, ...pickIncoming(before) });
    if (this.password(id) !== undefined && password === undefined && (incomingMoved || (smtpMoved && !smtpPassword))) {
      throw new BridgeError(
        ErrorCode.BadRequest,
        'changing host, port, security, user or pinned certificate needs the password again: ' +
          'the stored one is never sent to a server it was not given for',
      );
    }
    const rawEntry = file.raw.accounts[found.index] as Record<string, unknown>;
    const entry: Record<string, unknown> = {
      ...rawEntry,
      settings: { ...(rawEntry.settings as object), ...toSettings(account) },
    };
    const accounts = [...file.raw.accounts];
    accounts[found.index] = entry;
    this.check(file, accounts);
    if (smtpPassword !== undefined) this.setSmtpPassword(id, smtpPassword);
    const secretRevision = this.setSecret(id, password) ?? found.entry.secretRevision;
    entry.secretRevision = secretRevision;
    writePrivateJson(this.file, { ...file.raw, version: 1, accounts });
    return { account, secretRevision };
  }

  /** Removes an account, a damaged one too (by its id, when that id is valid), and its secret. */
  remove(id: string): void {
    const file = this.read();
    const next = file.raw.accounts.filter((a) => !(isRecord(a) && a.id === id));
    if (!isValidAccountId(id) || next.length === file.raw.accounts.length)
      throw new BridgeError(ErrorCode.AccountNotFound, `no account "${id}"`);
    this.check(file);
    writePrivateJson(this.file, { ...file.raw, version: 1, accounts: next });
    this.secrets.delete(id);
    this.secrets.delete(smtpSecretId(id));
  }

  /** The SMTP server's own secret, when the user set one apart from the incoming password. */
  smtpPassword(id: string): string | undefined {
    return this.secrets.get(smtpSecretId(id));
  }

  /** Stores (or, given "", removes) the separate SMTP secret; read at each send, so no restart. */
  setSmtpPassword(id: string, secret: string): void {
    if (secret === '') this.secrets.delete(smtpSecretId(id));
    else this.secrets.set(smtpSecretId(id), secret);
  }

  password(id: string): string | undefined {
    return this.secrets.get(id);
  }

  /** Stores the secret (before the file is written, see `entries`) and returns its new revision. */
  private setSecret(id: string, password: string | undefined): string | undefined {
    if (password === undefined) return undefined;
    this.secrets.set(id, password);
    // Random, not a timestamp: only equality matters, and two bridges may write in the same millisecond.
    return randomUUID();
  }

  private read(): FileView {
    const name = basename(this.file);
    const read = readJsonFile(this.file);
    if (read.kind === 'missing') return { raw: { version: 1, accounts: [] }, entries: [], problems: [] };
    if (read.kind === 'damaged') {
      return {
        raw: { version: 1, accounts: [] },
        entries: [],
        problems: [{ where: 'accounts.json', detail: `${name} ${read.reason}; no account can be read` }],
        unwritable: read.empty ? undefined : read.reason,
      };
    }
    return parseAccountsFile(name, read.value);
  }

  /**
   * Refuses a write that would lose what the file holds, or (given the new `accounts`) make
   * accounts.list too large to send. Runs before any secret is stored.
   */
  private check(file: FileView, accounts?: unknown[]): void {
    if (file.unwritable !== undefined) {
      throw new BridgeError(
        ErrorCode.ConfigDamaged,
        `${this.file} ${file.unwritable}: fix it or move it away (\`mailglance-bridge doctor\` says more)`,
      );
    }
    if (accounts)
      assertListFits(
        parseAccountsFile(basename(this.file), { version: 1, accounts }).entries.map((e) => e.entry.account),
      );
  }
}
