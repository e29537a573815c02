/**
 * mailglance-bridge: the Mailglance companion. Started by the browser as a native messaging host,
 * or by a person to install it and manage accounts.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { isSea } from 'node:sea';
import { BridgeError, ErrorCode } from '../protocol';
import { npxBridgeCommand } from '../protocol/release';
import { AccountStore } from './accounts/account-store';
import { configProblems as configProblemsOf } from './accounts/config-problems';
import { parseInvocation, usageFromParseError } from './cli-args';
import { accountCommand } from './commands/account';
import { ExitCode, UsageError } from './commands/exit-codes';
import { runHost } from './host';
import { doctorNotes, doctorReport, formatDoctor, formatNotes } from './install/doctor';
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
  mailglance-bridge doctor    [--json] [--user-data-dir DIR] [--install-dir DIR]
  mailglance-bridge account add --type imap|pop3 --host H [--port N] [--security tls|starttls|none]
                                --user U --password-stdin [--label L] [--accept-cert SHA256]
                                [--watch FOLDER]... [--no-leave-on-server] [--poll-interval SECONDS (≥ 30; IMAP 60, POP3 120)]
  mailglance-bridge account add --oauth google|microsoft --user ADDRESS [--type imap|pop3] [--host H ...]
                                (prints a sign-in address to open in a browser, waits for it; docs/oauth.md)
  mailglance-bridge account list [--json] | remove ID | test ID [--json] [--verbose]
  mailglance-bridge host      (what the browser runs; speaks native messaging on stdio)

Browsers (B): chrome, chromium, edge, brave, firefox, all (default: all); a comma-separated list works.
uninstall removes the launcher only when no other browser's manifest still points at it.
Every command takes --config-dir DIR (default: ${defaultConfigDir()}).

Exit codes: 0 ok, 1 error, 2 usage, 3 connection/certificate failed, 4 authentication failed, 5 no such account,
6 damaged config (accounts.json or secrets.json cannot be read or written back; \`doctor\` says why).
`;

function browsersFrom(value: string | undefined): Browser[] {
  if (value === undefined || value === 'all') return [...BROWSERS];
  const list = value.split(',');
  for (const b of list) {
    if (!(BROWSERS as readonly string[]).includes(b))
      throw new UsageError(`unknown browser "${b}" (${BROWSERS.join(', ')}, all)`);
  }
  return list as Browser[];
}

/** Folders are resolved once here: the launcher and manifests must hold absolute paths. */
const absolute = (dir: string | undefined) => (dir === undefined ? undefined : resolve(dir));

async function main(argv: string[]): Promise<number> {
  const run = parseInvocation(argv);
  const configDir = absolute(run.kind === 'command' ? run.values.configDir : run.configDir);
  if (run.kind === 'host') {
    runHost({
      configDir: configDir ?? defaultConfigDir(),
      installDir: absolute(run.installDir) ?? defaultInstallDir(),
      callerArgs: argv,
    });
    return -1; // keep running
  }
  if (run.kind === 'account') {
    if (run.help) return print(HELP);
    return accountCommand(run.args, configDir ?? defaultConfigDir());
  }

  const { command, values } = run;
  if (values.version) return print(`${BRIDGE_VERSION}\n`);
  if (values.help || command === undefined || command === 'help') return print(HELP);
  const installDir = absolute(values.installDir) ?? defaultInstallDir();
  const userDataDir = absolute(values.userDataDir);

  switch (command) {
    case 'install': {
      const result = install({
        browsers: browsersFrom(values.browser),
        installDir,
        // In a single executable __filename is the executable itself.
        bundlePath: __filename,
        standalone: isSea(),
        configDir,
        userDataDir,
      });
      return print(
        `installed the bridge launcher at ${result.launcher}\n` +
          result.manifests.map((m) => `registered for ${m.browser}: ${m.path}\n`).join('') +
          'Restart the browser (or reload the extension) to connect.\n',
      );
    }
    case 'uninstall': {
      const removed = uninstall({ browsers: browsersFrom(values.browser), installDir, userDataDir });
      return print(removed.length ? removed.map((p) => `removed ${p}\n`).join('') : 'nothing to remove\n');
    }
    case 'doctor': {
      const dir = configDir ?? defaultConfigDir();
      const paths = bridgePaths(dir);
      const secrets = openSecretStore(paths.secretsFile, stderrLogger(true));
      const configProblems = configProblemsOf(new AccountStore(paths.accountsFile, secrets));
      const report = doctorReport({
        configDir: dir,
        installDir,
        secretStore: secrets.kind,
        userDataDir,
        configProblems,
      });
      const notes = doctorNotes(report, { stateDir: paths.stateDir, home: homedir() });
      if (values.json) return print(JSON.stringify({ ...report, ...notes }, null, 2) + '\n');
      const update = (version: string) => npxBridgeCommand('install', version);
      return print([formatDoctor(report), ...formatNotes(report, notes, update)].join('\n') + '\n');
    }
  }
}

const EXIT_FOR_CODE: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.AccountNotFound]: ExitCode.NotFound,
  [ErrorCode.ConfigDamaged]: ExitCode.ConfigDamaged,
};

const oneLine = (text: string) => text.split('\n', 1)[0];

function print(text: string): number {
  process.stdout.write(text);
  return ExitCode.Ok;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    // `account` subcommands parse strictly with node:util too: their mistakes are usage errors.
    const usage = error instanceof UsageError ? error : usageFromParseError(error);
    if (usage) {
      process.stderr.write(`mailglance-bridge: ${usage.message}\n`);
      process.exitCode = ExitCode.Usage;
    } else if (error instanceof BridgeError) {
      process.stderr.write(`mailglance-bridge: ${error.code}: ${oneLine(error.message)}\n`);
      process.exitCode = EXIT_FOR_CODE[error.code] ?? ExitCode.Error;
    } else {
      // One clear line, no stack: a file-system error (EACCES, ENOSPC...) says what and where.
      // MAILGLANCE_DEBUG=1 shows the stack for a bug report.
      const detail = process.env.MAILGLANCE_DEBUG
        ? String((error as Error)?.stack)
        : oneLine(String((error as Error)?.message ?? error));
      process.stderr.write(`mailglance-bridge: ${detail}\n`);
      process.exitCode = ExitCode.Error;
    }
  },
);
