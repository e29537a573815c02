/**
 * Account settings in `<config>/accounts.json` (0600), secrets in the SecretStore. Chrome and
 * Firefox each start their own bridge process on the same folder, so every read goes to the file
 * and every write is atomic: both browsers see the same accounts.
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
  accounts: v.array(v.object({ id: v.string(), settings: AccountSettings })),
});
type AccountsFile = v.InferOutput<typeof AccountsFile>;

export class AccountStore {
  constructor(
    private readonly file: string,
    readonly secrets: SecretStore,
  ) {}

  list(): StoredAccount[] {
    return this.read().accounts.map(({ id, settings }) => withDefaults(id, settings));
  }

  get(id: string): StoredAccount {
    const account = this.list().find((a) => a.id === id);
    if (!account) throw new BridgeError(ErrorCode.AccountNotFound, `no account "${id}"`);
    return account;
  }

  add(settings: AccountSettings, password?: string): StoredAccount {
    const id = randomUUID();
    const account = withDefaults(id, settings);
    const file = this.read();
    file.accounts.push({ id, settings: toSettings(account) });
    if (password !== undefined) this.secrets.set(id, password);
    this.write(file);
    return account;
  }

  update(id: string, changes: Partial<AccountSettings>, password?: string): StoredAccount {
    const file = this.read();
    const entry = file.accounts.find((a) => a.id === id);
    if (!entry) throw new BridgeError(ErrorCode.AccountNotFound, `no account "${id}"`);
    const merged = v.safeParse(AccountSettings, { ...entry.settings, ...changes });
    if (!merged.success) throw new BridgeError(ErrorCode.BadRequest, merged.issues[0].message);
    entry.settings = toSettings(withDefaults(id, merged.output));
    if (password !== undefined) this.secrets.set(id, password);
    this.write(file);
    return withDefaults(id, entry.settings);
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
