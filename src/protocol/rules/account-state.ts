/**
 * Which account state an error puts an account in, and whether the bridge keeps retrying: one
 * map for IMAP and POP3 (docs/protocol.md, `account.state`). Errors the user must fix (password,
 * certificate, plain text to a remote host, a server that cannot do what the account needs) stop
 * retries until the account changes; everything else is retried with backoff. A lost or slow
 * connection is `reconnecting`; a server that answers wrongly is `error` while it is retried.
 */
import { ErrorCode } from '../errors';
import type { AccountState } from '../model';

const STOPS_RETRYING: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.AuthFailed,
  ErrorCode.SignInRequired,
  ErrorCode.TlsUntrusted,
  ErrorCode.InsecureRefused,
  ErrorCode.Unsupported,
]);

/** Whether retrying cannot fix `code`: the account stays down until its settings change. */
export function stopsRetrying(code: ErrorCode): boolean {
  return STOPS_RETRYING.has(code);
}

/** authFailed and tlsUntrusted are states of their own; transient trouble is `reconnecting`. */
export function stateForError(code: ErrorCode): AccountState {
  switch (code) {
    case ErrorCode.AuthFailed:
      return 'authFailed';
    case ErrorCode.TlsUntrusted:
      return 'tlsUntrusted';
    case ErrorCode.SignInRequired:
      return 'signInRequired';
    case ErrorCode.ConnectionFailed:
    case ErrorCode.Timeout:
      return 'reconnecting';
    default:
      return 'error';
  }
}
