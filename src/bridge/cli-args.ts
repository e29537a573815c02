/**
 * Reading mailglance-bridge's command line. Every command but `host` and `account` is parsed
 * strictly, so a typo (`--browsr firefox`) is a usage error instead of a silent install for every
 * browser. `account` parses its own flags (commands/account.ts); `host` takes whatever the browser
 * appends.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './commands/exit-codes';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
const COMMON = {
  'config-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies Options;

const INSTALL = {
  browser: { type: 'string' },
  'user-data-dir': { type: 'string' },
  'install-dir': { type: 'string' },
} satisfies Options;

const COMMANDS = {
  install: INSTALL,
  uninstall: INSTALL,
  doctor: { json: { type: 'boolean' }, 'install-dir': { type: 'string' }, 'user-data-dir': { type: 'string' } },
  help: {},
} satisfies Record<string, Options>;

/** Options with values that may come before the command (`--config-dir X account list`). */
const GLOBAL_VALUES = ['config-dir', 'install-dir'];

export type Invocation =
  /** The browser started us (or the launcher did, with `host`). */
  | { kind: 'host'; configDir?: string; installDir?: string }
  /** `account …`: `args` are what follows `account`, global options removed. */
  | { kind: 'account'; args: string[]; configDir?: string; help: boolean }
  | { kind: 'command'; command: keyof typeof COMMANDS | undefined; values: CommandValues };

/** The options of install, uninstall, doctor and help, already checked. */
export interface CommandValues {
  configDir?: string;
  installDir?: string;
  userDataDir?: string;
  browser?: string;
  help: boolean;
  version: boolean;
  json: boolean;
}

/** A string option's value; parseArgs types every value as string | boolean | undefined. */
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Chrome passes the caller's origin (developer.chrome.com/docs/extensions/develop/concepts/native-messaging). */
const CHROME_ORIGIN = /^chrome-extension:\/\/[a-p]{32}\/$/;
/** A Firefox add-on id: email-like or a braced GUID (extensionworkshop.com/documentation/develop/extensions-and-the-add-on-id/). */
const FIREFOX_ADDON_ID = /^(\{[0-9a-f-]+\}|[^\s@/\\]*@[^\s@/\\]+)$/i;

/**
 * Whether these positional arguments are a browser launching a native host: Chrome's origin
 * first, or Firefox's manifest path followed by the add-on id
 * (developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_messaging#app_side).
 */
export function isBrowserLaunch(positionals: string[]): boolean {
  const [first, second] = positionals;
  if (first === undefined) return false;
  if (CHROME_ORIGIN.test(first)) return true;
  return first.endsWith('.json') && second !== undefined && FIREFOX_ADDON_ID.test(second);
}

/** Turns node:util parseArgs errors into usage errors with a message a person can act on. */
export function usageFromParseError(error: unknown, command?: string): UsageError | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const message = (error as Error).message;
  const quoted = /'([^' ]+)/.exec(message)?.[1] ?? '';
  const where = command ? ` for ${command}` : '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${quoted}${where}; see --help`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return new UsageError(`unexpected argument "${quoted}"${where}; see --help`);
  if (/argument missing|ambiguous/.test(message)) return new UsageError(`${quoted} needs a value`);
  if (/does not take an argument/.test(message)) return new UsageError(`${quoted} takes no value`);
  return new UsageError(message.split('\n')[0]);
}

function strictParse(command: keyof typeof COMMANDS | undefined, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...COMMON, ...(command ? COMMANDS[command] : {}) },
    });
  } catch (error) {
    throw usageFromParseError(error, command) ?? error;
  }
}

/** Decides what to run. Throws UsageError for anything a person mistyped. */
export function parseInvocation(argv: string[]): Invocation {
  // A lenient first pass only to find the command: options with values are declared so that
  // `--config-dir X install` does not take X for the command.
  const { values, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: {
      'config-dir': { type: 'string' },
      'install-dir': { type: 'string' },
      'user-data-dir': { type: 'string' },
      browser: { type: 'string' },
    },
  });
  const positionals = tokens.flatMap((t) => (t.kind === 'positional' ? [t] : []));
  const command = positionals[0]?.value;

  if (command === 'host' || isBrowserLaunch(positionals.map((t) => t.value))) {
    // The browser's own arguments follow (origin, manifest path, Windows' --parent-window=N).
    return { kind: 'host', configDir: str(values['config-dir']), installDir: str(values['install-dir']) };
  }

  if (command === 'account') {
    const skip = new Set<number>([positionals[0].index]);
    let configDir: string | undefined;
    for (const t of tokens) {
      if (t.kind !== 'option' || !GLOBAL_VALUES.includes(t.name)) continue;
      if (t.value === undefined) throw new UsageError(`${t.rawName} needs a value`);
      if (t.name === 'config-dir') configDir = t.value;
      skip.add(t.index);
      if (!t.inlineValue) skip.add(t.index + 1);
    }
    const args = argv.filter((_, i) => !skip.has(i));
    const terminator = args.indexOf('--');
    const flags = terminator < 0 ? args : args.slice(0, terminator);
    return { kind: 'account', args, configDir, help: flags.includes('--help') || flags.includes('-h') };
  }

  if (command !== undefined && !Object.hasOwn(COMMANDS, command))
    throw new UsageError(`unknown command "${command}"; see --help`);
  const known = command as keyof typeof COMMANDS | undefined;
  const parsed = strictParse(known, argv);
  const extra = parsed.positionals.slice(1);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" for ${known}; see --help`);
  // Strict parsing has already refused a string option without its value.
  const v = parsed.values as Record<string, string | boolean | undefined>;
  return {
    kind: 'command',
    command: known,
    values: {
      configDir: str(v['config-dir']),
      installDir: str(v['install-dir']),
      userDataDir: str(v['user-data-dir']),
      browser: str(v.browser),
      help: v.help === true,
      version: v.version === true,
      json: v.json === true,
    },
  };
}
