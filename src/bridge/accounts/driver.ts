/**
 * What the account manager needs from a protocol implementation (src/bridge/imap/, src/bridge/pop3/).
 * A driver owns the connections of one account: it connects, watches, and reports through the
 * `DriverContext` as protocol events. One broken account never disturbs another: a driver must
 * catch its own errors and report them as `account.state`.
 */
import type {
  AccountState,
  AccountView,
  ConnectionReport,
  EventData,
  EventType,
  MailboxStatus,
  MessageAction,
  MessageBody,
  MessageHeader,
  MessageRef,
  PushHealth,
} from '../../protocol';
import type { Logger } from '../log';
import type { AccessTokenSource } from '../auth/token-source';

/**
 * How a connection logs in: the stored password, a source of OAuth access tokens (SASL XOAUTH2 /
 * OAUTHBEARER), or nothing stored (the connection fails with AUTH_FAILED / SIGN_IN_REQUIRED).
 */
export type Credential = string | AccessTokenSource | undefined;

/** An account as stored by the bridge: the view's settings without runtime state. */
export type StoredAccount = Omit<
  AccountView,
  'hasPassword' | 'hasSmtpPassword' | 'state' | 'stateDetail' | 'secretStore'
>;

export interface DriverContext {
  /** Push an event to the connected extension (dropped when none is connected). */
  emit<T extends EventType>(type: T, data: EventData<T>): void;
  /** Report a state change; the manager forwards it as an `account.state` event. */
  setState(state: AccountState, detail?: string): void;
  /** Report whether push can be trusted (IMAP); forwarded in `account.state` and the account view. */
  setPush(push: PushHealth): void;
  log: Logger;
  /** The bridge's state folder for this account (POP3 keeps its read-UIDL set here). */
  stateDir: string;
}

/**
 * The mailbox a `mailbox.markAllRead` names and how far it reaches: IMAP, the highest UID it
 * covers; POP3, UIDLs of mail the user saw (the latest of them the maildrop still lists ends it).
 * Without either, every message.
 */
export interface MarkAllReadTarget {
  mailbox: string;
  uidValidity: string;
  upToUid?: string;
  upToUidls?: readonly string[];
}

/** What a `mailbox.page` asks for: unread headers older than `before`, newest first. */
export interface PageTarget {
  mailbox: string;
  uidValidity: string;
  before?: string;
  limit: number;
}

/** One page of older unread headers and the mailbox's counts when it was read. */
export interface PageResult {
  mailbox: MailboxStatus;
  messages: MessageHeader[];
  more: boolean;
}

export interface AccountDriver {
  /** Connect and start watching. Returns at once; progress arrives as events. */
  start(): void;
  /** Close every connection; no events after the returned promise settles. */
  stop(): Promise<void>;
  /** Emit a fresh `mailbox.snapshot` for every watched mailbox. */
  resync(): Promise<void>;
  /** Check the server now (POP3 poll; IMAP STATUS of watched folders). */
  refresh(): Promise<void>;
  fetch(ref: MessageRef): Promise<MessageBody>;
  /** Apply an action idempotently; resolves with the server's counts afterwards. */
  act(ref: MessageRef, action: MessageAction, actionId: string): Promise<MailboxStatus>;
  purge(mailbox: string): Promise<MailboxStatus>;
  /** Mark a whole mailbox read (up to a UID) idempotently; resolves with the server's counts afterwards. */
  markAllRead(target: MarkAllReadTarget, actionId: string): Promise<MailboxStatus>;
  /** Read a page of older unread headers; changes nothing on the server. */
  page(target: PageTarget): Promise<PageResult>;
}

export interface DriverFactory {
  create(account: StoredAccount, credential: Credential, ctx: DriverContext): AccountDriver;
  /** One-shot connection check used by `account test` (and for drafts before saving). */
  test(account: StoredAccount, credential: Credential, log: Logger): Promise<ConnectionReport>;
}
