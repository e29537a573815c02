/**
 * Account passwords live in the OS keyring when one answers (Secret Service, macOS Keychain,
 * Windows Credential Manager through @napi-rs/keyring), else in a 0600 file in the config folder.
 * Secrets never leave the bridge: the extension only ever sees `hasPassword`.
 *
 * Entries are `service = "mailglance"`, `username = <account id>`: on Linux that is what
 * `secret-tool lookup service mailglance username <id>` and Seahorse show.
 */
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { BridgeError, ErrorCode, type ConfigProblem } from '../../protocol';
import type { Logger } from '../log';
import { readJsonFile, writePrivateJson } from '../fs-private';

import type { SecretStoreKind } from '../../protocol';

export interface SecretStore {
  readonly kind: SecretStoreKind;
  get(accountId: string): string | undefined;
  set(accountId: string, secret: string): void;
  delete(accountId: string): void;
  /**
   * One read of the store for many lookups (accounts.list at hundreds of accounts); `get` reads
   * again every time, so another process's write is seen at once.
   */
  batch?(): (accountId: string) => string | undefined;
  /** What is wrong with the store's own files (a damaged secrets.json); empty when nothing is. */
  problems?(): ConfigProblem[];
}

const SERVICE = 'mailglance';

/**
 * Without this, @napi-rs/keyring on Linux silently falls back to the kernel keyutils keyring when
 * no Secret Service answers. That keyring lives in kernel memory: it is gone after a reboot, and
 * the persistent keyring expires after 3 days unused (/proc/sys/kernel/keys/persistent_keyring_expiry),
 * so the bridge would say "OS keyring" and then lose the passwords. Pinning Secret Service makes
 * our 0600 file the fallback instead. Other platforms ignore the option.
 */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } } as const;

type SecretsRead = { secrets: Record<string, string>; problem?: string; unwritable?: boolean };

/**
 * secrets.json as a map of account id to secret. A damaged file reads as "no secrets" with a
 * problem (the accounts then show `hasPassword: false` and `doctor` says why) and refuses writes,
 * which would overwrite the other accounts' secrets. The reason never quotes the file's content.
 */
function readSecrets(path: string): SecretsRead {
  const read = readJsonFile(path);
  if (read.kind === 'missing') return { secrets: {} };
  if (read.kind === 'damaged') return { secrets: {}, problem: read.reason, unwritable: !read.empty };
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { secrets: {}, problem: 'is not a JSON object', unwritable: true };
  const secrets: Record<string, string> = {};
  let skipped = 0;
  for (const [id, secret] of Object.entries(value)) {
    if (typeof secret === 'string') secrets[id] = secret;
    else skipped++;
  }
  // Entries of the wrong type are kept on write (they may be a newer version's); only reported.
  return skipped
    ? { secrets, problem: `has ${skipped} entr${skipped === 1 ? 'y' : 'ies'} that are not text` }
    : { secrets };
}

/** The 0600 JSON file store. */
export function fileSecretStore(path: string): SecretStore {
  const writable = () => {
    const read = readSecrets(path);
    if (read.unwritable)
      throw new BridgeError(
        ErrorCode.ConfigDamaged,
        `${path} ${read.problem}: fix it or move it away (\`mailglance-bridge doctor\` says more)`,
      );
    const raw = readJsonFile(path);
    return raw.kind === 'value' ? (raw.value as Record<string, unknown>) : {};
  };
  return {
    kind: 'file',
    get: (id) => {
      const { secrets } = readSecrets(path);
      return Object.hasOwn(secrets, id) ? secrets[id] : undefined;
    },
    set: (id, secret) => writePrivateJson(path, { ...writable(), [id]: secret }),
    delete: (id) => {
      const all = writable();
      if (!Object.hasOwn(all, id)) return;
      delete all[id];
      writePrivateJson(path, all);
    },
    batch: () => {
      const { secrets } = readSecrets(path);
      return (id) => (Object.hasOwn(secrets, id) ? secrets[id] : undefined);
    },
    problems: () => {
      const { problem } = readSecrets(path);
      return problem ? [{ where: 'secrets.json', detail: `${basename(path)} ${problem}` }] : [];
    },
  };
}

interface KeyringEntry {
  getPassword(): string | null;
  setPassword(password: string): void;
  deletePassword(): boolean;
}
type KeyringModule = {
  Entry: new (service: string, account: string, options?: typeof ENTRY_OPTIONS) => KeyringEntry;
};

/**
 * Tries the OS keyring with a write/read/delete probe. Returns undefined when the module is not
 * installed (e.g. the self-contained bundle outside the repo) or no keyring service answers
 * (headless containers), so the caller falls back to the file store.
 */
export function probeKeyringStore(log: Logger): SecretStore | undefined {
  if (process.env.MAILGLANCE_SECRET_STORE === 'file') return undefined;
  let keyring: KeyringModule;
  try {
    keyring = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)(
      '@napi-rs/keyring',
    ) as KeyringModule;
  } catch {
    return undefined;
  }
  const entry = (account: string) => new keyring.Entry(SERVICE, account, ENTRY_OPTIONS);
  try {
    const probe = entry(`probe-${process.pid}`);
    try {
      probe.setPassword('probe');
      if (probe.getPassword() !== 'probe') throw new Error('the keyring gave back a different value');
    } finally {
      try {
        probe.deletePassword();
      } catch {
        // Never written, or the store went away: nothing left to clean up.
      }
    }
  } catch (error) {
    log.info('no OS keyring answered; using the 0600 secrets file', { reason: (error as Error).message });
    return undefined;
  }
  return {
    kind: 'keyring',
    get: (id) => entry(id).getPassword() ?? undefined,
    set: (id, secret) => entry(id).setPassword(secret),
    delete: (id) => {
      try {
        entry(id).deletePassword();
      } catch {
        // Already gone.
      }
    },
  };
}

/**
 * Which store the last start chose, in `<config>/secret-store.json`. The keyring answering or not
 * is decided at every start; without this, a keyring that stopped answering would silently send
 * new passwords to the file (and hide the ones in the keyring), and one that appeared would
 * silently leave the old passwords in the file.
 */
function rememberChoice(secretsFile: string, kind: SecretStoreKind, log: Logger): ConfigProblem[] {
  const path = join(dirname(secretsFile), 'secret-store.json');
  const read = readJsonFile(path);
  const before =
    read.kind === 'value' && typeof read.value === 'object' && read.value !== null
      ? (read.value as { kind?: unknown }).kind
      : undefined;
  if (before === kind) return [];
  try {
    writePrivateJson(path, { kind });
  } catch (error) {
    log.warn('cannot remember the secret store', { error: (error as Error).message });
  }
  if (before !== 'keyring' && before !== 'file') return [];
  const detail =
    kind === 'file'
      ? 'the OS keyring did not answer at this start: new passwords go to the 0600 file, and passwords ' +
        'saved in the keyring are unavailable until it answers again'
      : 'the OS keyring answers again: passwords from the 0600 file were moved into it';
  log.warn('secret store changed', { from: before, to: kind });
  return [{ where: 'secret store', detail: `changed from ${before} to ${kind}: ${detail}` }];
}

/** Moves every secret of the file store into the keyring (checked by reading it back), then out of the file. */
function migrateToKeyring(secretsFile: string, file: SecretStore, keyring: SecretStore, log: Logger): void {
  let moved = 0;
  for (const [id, secret] of Object.entries(readSecrets(secretsFile).secrets)) {
    try {
      // The file is written only while the keyring is away, so its secret is the newer one.
      keyring.set(id, secret);
      if (keyring.get(id) !== secret) continue;
      file.delete(id);
      moved++;
    } catch (error) {
      log.warn('cannot move a password into the keyring', { accountId: id, error: (error as Error).message });
    }
  }
  if (moved) log.info('moved passwords from the 0600 file into the keyring', { count: moved });
}

/** The keyring when it answers, else the file. Reads fall back to the file for secrets saved there earlier. */
export function openSecretStore(secretsFile: string, log: Logger): SecretStore {
  const file = fileSecretStore(secretsFile);
  const keyring = probeKeyringStore(log);
  const changed = rememberChoice(secretsFile, keyring ? 'keyring' : 'file', log);
  if (!keyring) return { ...file, problems: () => [...changed, ...(file.problems?.() ?? [])] };
  migrateToKeyring(secretsFile, file, keyring, log);
  // The keyring holds the secret from now on; an old copy in a damaged file stays (doctor reports it).
  const dropFromFile = (id: string) => {
    try {
      file.delete(id);
    } catch {
      // secrets.json is damaged: the keyring's value wins in `get` anyway.
    }
  };
  return {
    kind: 'keyring',
    get: (id) => keyring.get(id) ?? file.get(id),
    set: (id, secret) => {
      keyring.set(id, secret);
      dropFromFile(id);
    },
    delete: (id) => {
      keyring.delete(id);
      dropFromFile(id);
    },
    batch: () => {
      const fromFile = file.batch?.() ?? file.get;
      return (id) => keyring.get(id) ?? fromFile(id);
    },
    problems: () => [...changed, ...(file.problems?.() ?? [])],
  };
}
