/**
 * Which account state an error puts a POP3 account in, and whether polling goes on.
 */
import { ErrorCode, type AccountState } from '../../protocol';

/** Errors that retrying cannot fix: polling stops until the account is changed. */
const STOPS_POLLING: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.AuthFailed,
  ErrorCode.TlsUntrusted,
  ErrorCode.InsecureRefused,
  ErrorCode.Unsupported,
]);

export function stopsPolling(code: ErrorCode): boolean {
  return STOPS_POLLING.has(code);
}

/** authFailed and tlsUntrusted are states of their own; transient trouble is `reconnecting`. */
export function stateForError(code: ErrorCode): AccountState {
  switch (code) {
    case ErrorCode.AuthFailed:
      return 'authFailed';
    case ErrorCode.TlsUntrusted:
      return 'tlsUntrusted';
    case ErrorCode.ConnectionFailed:
    case ErrorCode.Timeout:
      return 'reconnecting';
    default:
      return 'error';
  }
}
