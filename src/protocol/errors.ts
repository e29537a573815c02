/**
 * The one error-code enum of the bridge protocol. Every failed reply carries one of these codes;
 * `retryable` tells the extension's outbox whether to keep an action and try again later.
 */
import type { TlsFailure } from './tls-failure';

export const ErrorCode = {
  /** The frame or its JSON could not be read. */
  InvalidFrame: 'INVALID_FRAME',
  /** The message is well-formed JSON but does not match the schema of its type. */
  BadRequest: 'BAD_REQUEST',
  /** A request type this bridge does not know. */
  UnknownType: 'UNKNOWN_TYPE',
  /** `hello` asked for a protocol version the bridge does not speak. */
  VersionMismatch: 'VERSION_MISMATCH',
  /** A reply would exceed Chrome's 1 MB host-to-browser limit. */
  MessageTooLarge: 'MESSAGE_TOO_LARGE',
  /** No account with that id. */
  AccountNotFound: 'ACCOUNT_NOT_FOUND',
  /** The message (or mailbox) no longer exists on the server. */
  MessageGone: 'MESSAGE_GONE',
  /**
   * The mailbox's UIDVALIDITY changed since the extension listed it (RFC 9051 §2.3.1.1): its UIDs
   * name other messages now, so the action was not applied. The bridge resends the mailbox.
   */
  MailboxChanged: 'MAILBOX_CHANGED',
  /** The server rejected the credentials; retrying will not help until the account changes. */
  AuthFailed: 'AUTH_FAILED',
  /** The server's certificate did not verify and no matching fingerprint is pinned. */
  TlsUntrusted: 'TLS_UNTRUSTED',
  /** Plain-text login to a host that is not on loopback. */
  InsecureRefused: 'INSECURE_REFUSED',
  /** The server could not be reached, or the connection dropped. */
  ConnectionFailed: 'CONNECTION_FAILED',
  /** The server did not answer in time. */
  Timeout: 'TIMEOUT',
  /** The server answered NO/BAD/-ERR to a command. */
  ServerError: 'SERVER_ERROR',
  /** The SMTP server refused a recipient (RFC 5321 §4.2.3: 550, 553, ...); nothing was sent. */
  RecipientRefused: 'RECIPIENT_REFUSED',
  /** The SMTP server refused the message for its size (RFC 1870: 552); nothing was sent. */
  SizeRefused: 'SIZE_REFUSED',
  /**
   * An earlier try of this send may have reached the server (the bridge stopped or the
   * connection dropped after the message data went out): the user decides, never the bridge.
   */
  SendUncertain: 'SEND_UNCERTAIN',
  /** The account or server cannot do this (e.g. archive on POP3). */
  Unsupported: 'UNSUPPORTED',
  /** A bug in the bridge. */
  Internal: 'INTERNAL',
  /**
   * OAuth: the provider refused the refresh token (`invalid_grant`, RFC 6749 §5.2: consent
   * revoked, password changed, token expired). Only a new sign-in helps; nothing retries.
   */
  SignInRequired: 'SIGN_IN_REQUIRED',
  /**
   * An OAuth sign-in did not complete: consent denied, nobody finished it in time, a state or
   * issuer mismatch, the loopback port could not be opened, the token exchange failed, or this
   * build has no OAuth app for the provider. The message says which; no account was changed.
   */
  SignInFailed: 'SIGN_IN_FAILED',
  /** accounts.json or secrets.json cannot be read or written back safely; `doctor` says why. */
  ConfigDamaged: 'CONFIG_DAMAGED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes after which the same request may succeed later without any change by the user. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.ConnectionFailed,
  ErrorCode.Timeout,
  ErrorCode.Internal,
]);

/** Whether an action that failed with `code` should stay in the outbox and be retried. */
export function isRetryable(code: ErrorCode): boolean {
  return RETRYABLE.has(code);
}

/** An error that carries a protocol error code across the bridge's internals. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** With TLS_UNTRUSTED: why the certificate failed (goes into the error reply's `tls`). */
    readonly tls?: TlsFailure,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** The codes a `protocol.error` event carries: a frame that could not be read, matched or typed. */
export const PROTOCOL_ERROR_CODES = [ErrorCode.InvalidFrame, ErrorCode.BadRequest, ErrorCode.UnknownType] as const;
export type ProtocolErrorCode = (typeof PROTOCOL_ERROR_CODES)[number];
