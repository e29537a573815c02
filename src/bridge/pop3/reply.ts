/**
 * POP3 status lines and what their failures mean for the bridge's error codes.
 * RFC 1939 §3 (+OK / -ERR), RFC 2449 §8 and RFC 3206 (extended response codes in brackets).
 */
import { BridgeError, ErrorCode } from '../../protocol';

/** A -ERR reply; `respCode` is the RFC 2449 response code (e.g. "AUTH", "IN-USE", "SYS/TEMP"). */
export class Pop3CommandError extends BridgeError {
  constructor(
    code: ErrorCode,
    readonly command: string,
    readonly text: string,
    readonly respCode: string | undefined,
  ) {
    super(code, `POP3 ${command} failed: ${text || '-ERR'}`);
    this.name = 'Pop3CommandError';
  }
}

/**
 * The verb of a command line, never its arguments (PASS and AUTH lines carry secrets). A line
 * whose first word is not a POP3 keyword (3-4 letters, RFC 1939 §3; 1-8 for extensions, RFC
 * 2449 §4) is data, such as a SASL continuation (RFC 5034 §4): it is named "(data)", not by
 * its content.
 */
export function verbOf(line: string): string {
  const verb = line.split(' ', 1)[0];
  return /^[A-Za-z]{1,8}$/.test(verb) ? verb.toUpperCase() : '(data)';
}

/**
 * Parse a status line. Returns the text after "+OK"; throws Pop3CommandError on "-ERR" and
 * SERVER_ERROR on anything else (a reply that is neither means the stream is out of sync).
 */
export function parseStatus(line: string, command: string): string {
  if (line === '+OK' || line.startsWith('+OK ')) return line.slice(4);
  if (line === '-ERR' || line.startsWith('-ERR ')) {
    const text = line.slice(5);
    const m = /^\[([^\]]+)\]\s*/.exec(text);
    throw new Pop3CommandError(ErrorCode.ServerError, verbOf(command), text, m ? m[1].toUpperCase() : undefined);
  }
  throw new BridgeError(ErrorCode.ServerError, `malformed POP3 reply to ${verbOf(command)}: ${line.slice(0, 80)}`);
}

/**
 * Map a failed login step to the bridge's codes. RFC 3206: [AUTH] is a credentials problem;
 * [SYS/TEMP], [IN-USE] (maildrop locked by another session) and [LOGIN-DELAY] are transient
 * and worth retrying; a -ERR without a code is taken as a credentials problem, as most
 * servers send exactly that for a wrong password.
 */
export function authFailure(err: unknown): unknown {
  if (!(err instanceof Pop3CommandError)) return err;
  const transient = ['SYS/TEMP', 'IN-USE', 'LOGIN-DELAY'];
  if (err.respCode && transient.includes(err.respCode)) {
    return new Pop3CommandError(ErrorCode.ConnectionFailed, err.command, err.text, err.respCode);
  }
  if (err.respCode === 'SYS/PERM') return err;
  return new Pop3CommandError(ErrorCode.AuthFailed, err.command, err.text, err.respCode);
}
