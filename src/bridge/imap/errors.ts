/**
 * Maps what imapflow, Node's net/tls and the server throw onto the protocol's ErrorCode, so the
 * account state and the extension's outbox (retry or not) see one vocabulary.
 */
import { BridgeError, ErrorCode } from '../../protocol';

/** OpenSSL / Node verification failures: the certificate is not trusted. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_CERT_PINNED',
]);

const TIMEOUT_CODES = new Set(['ETIMEOUT', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

/**
 * imapflow refuses to compile a command around a value IMAP cannot carry (a mailbox name with a
 * control character, a bad sequence set, an oversized literal). Sending it again cannot succeed,
 * so these are not connection failures the outbox would replay forever.
 */
const MALFORMED_VALUE_CODES = new Set([
  'InvalidStringValue',
  'InvalidSequenceSet',
  'InvalidTokenValue',
  'InvalidTextValue',
  'LiteralTooLarge',
]);

/** The server sent something imapflow could not read or would not hold: retrying repeats it. */
const UNREADABLE_RESPONSE_CODES = new Set([
  'InvalidResponse',
  'ResponseTooLarge',
  'LineTooLarge',
  'MAX_IMAP_NESTING_REACHED',
  'ParserErrorExchange',
  'ResponseProcessingFailed',
  'DownloadOverflow',
]);

/** Longest server text an error message carries: server replies may quote what we sent. */
const MAX_TEXT = 300;

function bounded(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  authenticationFailed?: unknown;
  responseStatus?: unknown;
  responseText?: unknown;
  serverResponseCode?: unknown;
  /** imapflow's mark for a SELECT that failed because the mailbox does not exist. */
  mailboxMissing?: unknown;
}

/** Turn anything thrown into a BridgeError with the closest code. */
export function toBridgeError(err: unknown): BridgeError {
  if (err instanceof BridgeError) return err;
  const e: ErrorLike = typeof err === 'object' && err !== null ? (err as ErrorLike) : {};
  const code = typeof e.code === 'string' ? e.code : '';
  const text = bounded(
    typeof e.responseText === 'string' && e.responseText ? e.responseText : String(e.message ?? err),
  );
  if (e.authenticationFailed === true || e.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return new BridgeError(ErrorCode.AuthFailed, `authentication failed: ${text}`);
  }
  if (TLS_CODES.has(code)) return new BridgeError(ErrorCode.TlsUntrusted, `certificate not trusted (${code})`);
  if (TIMEOUT_CODES.has(code)) return new BridgeError(ErrorCode.Timeout, `timed out (${code})`);
  // Dovecot answers SELECT of a missing mailbox with a bare NO; imapflow marks it `mailboxMissing`.
  if (e.serverResponseCode === 'NONEXISTENT' || e.serverResponseCode === 'TRYCREATE' || e.mailboxMissing === true) {
    return new BridgeError(ErrorCode.MessageGone, `mailbox does not exist: ${text}`);
  }
  if (MALFORMED_VALUE_CODES.has(code))
    return new BridgeError(ErrorCode.BadRequest, `value IMAP cannot carry (${code})`);
  if (UNREADABLE_RESPONSE_CODES.has(code)) {
    return new BridgeError(ErrorCode.ServerError, `unreadable server response (${code})`);
  }
  // A tagged BAD (RFC 9051 §7.1.3) says our command was malformed: repeating it cannot help.
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') {
    return new BridgeError(ErrorCode.ServerError, `server said ${e.responseStatus}: ${text}`);
  }
  return new BridgeError(ErrorCode.ConnectionFailed, code ? `${code}: ${text}` : text);
}
