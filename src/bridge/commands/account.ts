/** `mailglance-bridge account add|list|remove|test`: manage accounts without a browser. */
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { AccountSettings, BridgeError, ErrorCode } from '../../protocol';
import { AccountManager } from '../accounts/manager';
import { AccountStore } from '../accounts/account-store';
import { driverFactories } from '../accounts/drivers';
import { logWireTraffic } from '../imap/wire-log';
import { stderrLogger } from '../log';
import { bridgePaths } from '../paths';
import { openSecretStore } from '../secrets/secret-store';
import { addWithOAuth } from './account-oauth';
import { ExitCode, UsageError } from './exit-codes';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is the terminal's, not the password's.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * The manager on the config folder. A damaged file stops the command with CONFIG_DAMAGED (one
 * line, exit 6); a skipped entry or a damaged secrets.json is one warning line each on stderr.
 */
function openManager(configDir: string) {
  const paths = bridgePaths(configDir);
  const log = stderrLogger(true);
  const store = new AccountStore(paths.accountsFile, openSecretStore(paths.secretsFile, log));
  store.assertReadable();
  for (const p of store.problems()) process.stderr.write(`mailglance-bridge: warning: ${p.where}: ${p.detail}\n`);
  return new AccountManager(store, driverFactories, paths.stateDir, log, () => {});
}

export async function accountCommand(args: string[], configDir: string): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add':
      return add(rest, configDir);
    case 'list':
      return list(rest, configDir);
    case 'remove':
      return remove(rest, configDir);
    case 'test':
      return test(rest, configDir);
    default:
      throw new UsageError(`unknown account command "${sub ?? ''}" (add, list, remove, test)`);
  }
}

async function add(args: string[], configDir: string): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      type: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      security: { type: 'string' },
      user: { type: 'string' },
      label: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'accept-cert': { type: 'string' },
      watch: { type: 'string', multiple: true },
      'leave-on-server': { type: 'boolean' },
      'no-leave-on-server': { type: 'boolean' },
      'poll-interval': { type: 'string' },
      'delete-mode': { type: 'string' },
      oauth: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (values.oauth !== undefined) return addWithOAuth(values, openManager(configDir));
  const parsed = v.safeParse(AccountSettings, {
    type: values.type,
    host: values.host,
    port: values.port ? Number(values.port) : undefined,
    security: values.security,
    user: values.user,
    label: values.label,
    pinnedCert: values['accept-cert'],
    watchedFolders: values.watch,
    leaveOnServer: values['no-leave-on-server'] ? false : values['leave-on-server'],
    pollIntervalSec: values['poll-interval'] ? Number(values['poll-interval']) : undefined,
    deleteMode: values['delete-mode'],
  });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = v.getDotPath(issue);
    // Name the flag the user typed, not the setting behind it.
    const flag = field ? (FLAG_FOR_SETTING[field] ?? field) : 'options';
    throw new UsageError(`--${flag}: ${issue.message}`);
  }
  const password = values['password-stdin'] ? await readStdin() : undefined;
  const account = addOrExplain(openManager(configDir), parsed.output, password);
  process.stdout.write(values.json ? JSON.stringify(account) + '\n' : `${account.id}\n`);
  return ExitCode.Ok;
}

/** A setting refused in its stored form (a host of only spaces) is a usage error too. */
function addOrExplain(manager: AccountManager, settings: AccountSettings, password: string | undefined) {
  try {
    return manager.add(settings, password);
  } catch (error) {
    if (error instanceof BridgeError && error.code === ErrorCode.BadRequest) throw new UsageError(error.message);
    throw error;
  }
}

/** The `account add` flag behind each setting whose name differs from it. */
const FLAG_FOR_SETTING: Record<string, string> = {
  pollIntervalSec: 'poll-interval',
  pinnedCert: 'accept-cert',
  watchedFolders: 'watch',
  leaveOnServer: 'leave-on-server',
  deleteMode: 'delete-mode',
};

function list(args: string[], configDir: string): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const accounts = openManager(configDir).list();
  if (values.json) {
    process.stdout.write(JSON.stringify(accounts, null, 2) + '\n');
  } else if (accounts.length === 0) {
    process.stdout.write('no accounts\n');
  } else {
    for (const a of accounts) {
      process.stdout.write(
        `${a.id}  ${a.type}  ${a.user}@${a.host}:${a.port} (${a.security})  ${a.label}` +
          (a.auth === 'oauth2' ? `  [${a.oauthProvider ?? 'oauth'} sign-in${a.hasPassword ? '' : ' required'}]` : '') +
          (a.auth !== 'oauth2' && !a.hasPassword ? '  [no password]' : '') +
          '\n',
      );
    }
  }
  return ExitCode.Ok;
}

async function remove(args: string[], configDir: string): Promise<number> {
  const id = args[0];
  if (!id) throw new UsageError('account remove needs an account id');
  await openManager(configDir).remove(id);
  return ExitCode.Ok;
}

async function test(args: string[], configDir: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, verbose: { type: 'boolean' } },
  });
  const id = positionals[0];
  if (!id) throw new UsageError('account test needs an account id');
  // Every IMAP line of the test on stderr, credentials redacted: what a bug report needs.
  if (values.verbose) logWireTraffic(stderrLogger());
  try {
    const report = await openManager(configDir).test({ accountId: id });
    if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else {
      process.stdout.write(
        [
          `TLS           ${report.tlsVersion ?? 'none'}`,
          `certificate   ${report.certFingerprint ?? '-'} (${report.certVerified ? 'verified' : 'NOT verified'})`,
          `capabilities  ${report.capabilities.join(' ')}`,
          ...(report.authMechanism ? [`login         ${report.authMechanism}`] : []),
          `folders       ${report.folders.map((f) => f.path + (f.specialUse ? ` ${f.specialUse}` : '')).join(', ')}`,
          ...(report.push
            ? [`push          ${report.push.health} (seen by the running bridge, ${report.push.at})`]
            : []),
        ].join('\n') + '\n',
      );
    }
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof BridgeError && error.code !== ErrorCode.AccountNotFound) {
      process.stderr.write(`connection test failed: ${error.code}: ${error.message}\n`);
      return error.code === ErrorCode.AuthFailed ? ExitCode.AuthFailed : ExitCode.ConnectionFailed;
    }
    throw error;
  }
}
