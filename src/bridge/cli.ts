/**
 * mailglance-bridge: the Mailglance companion. Started by the browser as a native messaging host,
 * or by a person to install it and manage accounts.
 */
import { parseArgs } from 'node:util';
import { BridgeError, ErrorCode } from '../protocol';
import { accountCommand } from './commands/account';
import { ExitCode, UsageError } from './commands/exit-codes';
import { runHost } from './host';
import { doctorReport, formatDoctor } from './install/doctor';
import { BROWSERS, type Browser } from './install/host-locations';
import { install, uninstall } from './install/install';
import { stderrLogger } from './log';
import { bridgePaths, defaultConfigDir, defaultInstallDir } from './paths';
import { openSecretStore } from './secrets/secret-store';
import { BRIDGE_VERSION } from './version';

const HELP = `mailglance-bridge ${BRIDGE_VERSION}: IMAP and POP3 for the Mailglance browser extension

Usage:
  mailglance-bridge install   [--browser B] [--user-data-dir DIR] [--config-dir DIR] [--install-dir DIR]
  mailglance-bridge uninstall [--browser B] [--user-data-dir DIR] [--install-dir DIR]
  mailglance-bridge doctor    [--json] [--config-dir DIR]
  mailglance-bridge account add --type imap|pop3 --host H [--port N] [--security tls|starttls|none]
                                --user U --password-stdin [--label L] [--accept-cert SHA256]
                                [--watch FOLDER]... [--no-leave-on-server] [--poll-interval SECONDS]
  mailglance-bridge account list [--json] | remove ID | test ID [--json]
  mailglance-bridge host      (what the browser runs; speaks native messaging on stdio)

Browsers (B): chrome, chromium, edge, brave, firefox, all (default: all)
Every command takes --config-dir DIR (default: ${defaultConfigDir()}).

Exit codes: 0 ok, 1 error, 2 usage, 3 connection/certificate failed, 4 authentication failed, 5 no such account.
`;

function browsersFrom(value: string | undefined): Browser[] {
  if (!value || value === 'all') return [...BROWSERS];
  const list = value.split(',');
  for (const b of list) {
    if (!(BROWSERS as readonly string[]).includes(b))
      throw new UsageError(`unknown browser "${b}" (${BROWSERS.join(', ')}, all)`);
  }
  return list as Browser[];
}

/** Chrome starts a host with its origin as argument, Firefox with the manifest path and add-on id. */
function looksLikeBrowserLaunch(args: string[]): boolean {
  return args.some((a) => a.startsWith('chrome-extension://') || a.endsWith('.json'));
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      'config-dir': { type: 'string' },
      'install-dir': { type: 'string' },
      'user-data-dir': { type: 'string' },
      browser: { type: 'string' },
      json: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const configDir = typeof values['config-dir'] === 'string' ? values['config-dir'] : defaultConfigDir();
  const installDir = typeof values['install-dir'] === 'string' ? values['install-dir'] : defaultInstallDir();
  const userDataDir = typeof values['user-data-dir'] === 'string' ? values['user-data-dir'] : undefined;
  const [command] = positionals;

  if (values.version) return print(`${BRIDGE_VERSION}\n`);
  if (
    command === 'host' ||
    (command === undefined && looksLikeBrowserLaunch(argv)) ||
    looksLikeBrowserLaunch([command ?? ''])
  ) {
    runHost({ configDir, installDir, callerArgs: argv });
    return -1; // keep running
  }
  if (values.help || command === undefined || command === 'help') return print(HELP);

  switch (command) {
    case 'install': {
      const result = install({
        browsers: browsersFrom(values.browser as string | undefined),
        installDir,
        bundlePath: __filename,
        configDir: typeof values['config-dir'] === 'string' ? values['config-dir'] : undefined,
        userDataDir,
      });
      return print(
        `installed the bridge launcher at ${result.launcher}\n` +
          result.manifests.map((m) => `registered for ${m.browser}: ${m.path}\n`).join('') +
          'Restart the browser (or reload the extension) to connect.\n',
      );
    }
    case 'uninstall': {
      const removed = uninstall({
        browsers: browsersFrom(values.browser as string | undefined),
        installDir,
        userDataDir,
      });
      return print(removed.length ? removed.map((p) => `removed ${p}\n`).join('') : 'nothing to remove\n');
    }
    case 'doctor': {
      const secretStore = openSecretStore(bridgePaths(configDir).secretsFile, stderrLogger(true)).kind;
      const report = doctorReport({ configDir, installDir, secretStore, userDataDir });
      return print(values.json ? JSON.stringify(report, null, 2) + '\n' : formatDoctor(report) + '\n');
    }
    case 'account':
      return accountCommand(stripGlobal(argv).slice(1), configDir);
    default:
      throw new UsageError(`unknown command "${command}"; see --help`);
  }
}

/** Drops global options (and their values) so subcommands parse only their own. */
function stripGlobal(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config-dir' || argv[i] === '--install-dir') i++;
    else if (!argv[i].startsWith('--config-dir=')) out.push(argv[i]);
  }
  return out;
}

function print(text: string): number {
  process.stdout.write(text);
  return ExitCode.Ok;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`mailglance-bridge: ${error.message}\n`);
      process.exitCode = ExitCode.Usage;
    } else if (error instanceof BridgeError) {
      process.stderr.write(`mailglance-bridge: ${error.code}: ${error.message}\n`);
      process.exitCode = error.code === ErrorCode.AccountNotFound ? ExitCode.NotFound : ExitCode.Error;
    } else {
      process.stderr.write(`mailglance-bridge: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = ExitCode.Error;
    }
  },
);
