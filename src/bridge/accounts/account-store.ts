/**
 * Account settings in `<config>/accounts.json` (0600), secrets in the SecretStore. Chrome and
 * Firefox each start their own bridge process on the same folder, so every read goes to the file
 * and every write is atomic: both browsers see the same accounts.
 *
 * A secret lives outside this file (often in the OS keyring), so a password change would be
 * invisible to the other bridge. Each account therefore carries an opaque `secretRevision` that is
 * renewed whenever its password is set: the file changes (which wakes the other bridge's watcher)
 * and the other bridge can tell that its driver runs with an old password (see reconcile.ts).
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { AccountSettings, ErrorCode, BridgeError } from '../../protocol';
import { readJsonOr, writePrivateJson } from '../fs-private';
import type { SecretStore } from '../secrets/secret-store';
import { toSettings, withDefaults } from './defaults';
import type { StoredAccount } from './driver';

const AccountsFile = v.object({
  version: v.literal(1),
  accounts: v.array(
    v.object({
      id: v.string(),
      settings: AccountSettings,
      // Optional so files written before it existed still load (an older bridge drops it on write).
      secretRevision: v.optional(v.string()),
    }),
  ),
});
type AccountsFile = v.InferOutput<typeof AccountsFile>;

/** An account as the file holds it: settings with defaults, and the revision of its secret. */
export interface AccountEntry {
  account: StoredAccount;
  /** Renewed on every password write; undefined for an account that never had one stored. */
  secretRevision?: string;
}

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
   * Every account with its secret revision, from one read of the file. Read this before the
   * password: writers store the secret first and the revision second, so a revision seen here
   * guarantees the secret read afterwards is at least that new.
   */
  entries(): AccountEntry[] {
    return this.read().accounts.map(({ id, settings, secretRevision }) => ({
      account: withDefaults(id, settings),
      secretRevision,
    }));
  }

  get(id: string): StoredAccount {
    const account = this.list().find((a) => a.id === id);
    if (!account) throw new BridgeError(ErrorCode.AccountNotFound, `no account "${id}"`);
    return account;
  }

  add(settings: AccountSettings, password?: string): AccountEntry {
    const id = randomUUID();
    const account = withDefaults(id, settings);
    const file = this.read();
    const entry = { id, settings: toSettings(account), secretRevision: this.setSecret(id, password) };
    file.accounts.push(entry);
    this.write(file);
    return { account: withDefaults(id, entry.settings), secretRevision: entry.secretRevision };
  }

  update(id: string, changes: Partial<AccountSettings>, password?: string): AccountEntry {
    const file = this.read();
    const entry = file.accounts.find((a) => a.id === id);
    if (!entry) throw new BridgeError(ErrorCode.AccountNotFound, `no account "${id}"`);
    const merged = v.safeParse(AccountSettings, { ...entry.settings, ...changes });
    if (!merged.success) throw new BridgeError(ErrorCode.BadRequest, merged.issues[0].message);
    entry.settings = toSettings(withDefaults(id, merged.output));
    entry.secretRevision = this.setSecret(id, password) ?? entry.secretRevision;
    this.write(file);
    return { account: withDefaults(id, entry.settings), secretRevision: entry.secretRevision };
  }

  remove(id: string): void {
    const file = this.read();
    const next = file.accounts.filter((a) => a.id !== id);
    if (next.length === file.accounts.length) throw new BridgeError(ErrorCode.AccountNotFound, `no account "${id}"`);
    this.write({ ...file, accounts: next });
    this.secrets.delete(id);
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

  private read(): AccountsFile {
    const raw = readJsonOr<unknown>(this.file, { version: 1, accounts: [] });
    const parsed = v.safeParse(AccountsFile, raw);
    if (!parsed.success) {
      throw new BridgeError(ErrorCode.Internal, `${this.file} is damaged: ${parsed.issues[0].message}`);
    }
    return parsed.output;
  }

  private write(file: AccountsFile): void {
    writePrivateJson(this.file, file);
  }
}
