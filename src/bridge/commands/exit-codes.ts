/** Exit codes of mailglance-bridge; documented in `--help` and the README. */
export const ExitCode = {
  Ok: 0,
  /** Something failed (a message on stderr says what). */
  Error: 1,
  /** Wrong command-line usage. */
  Usage: 2,
  /** `account test`: the server could not be reached or its certificate was refused. */
  ConnectionFailed: 3,
  /** `account test`: the server refused the credentials. */
  AuthFailed: 4,
  /** No such account. */
  NotFound: 5,
  /** accounts.json or secrets.json is damaged or unreadable, so the command cannot run safely. */
  ConfigDamaged: 6,
} as const;

/** Wrong command-line usage: the CLI prints the message (no stack) and exits with `ExitCode.Usage`. */
export class UsageError extends Error {}
