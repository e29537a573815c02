/**
 * The one mail model every account is presented through (IMAP and POP3 alike): accounts own
 * mailboxes, mailboxes hold messages, messages have flags. POP3 has one mailbox (INBOX) and a
 * virtual `\Seen` flag kept by the bridge.
 */
import * as v from 'valibot';
import { MAX_BYTES, MAX_COUNT, MAX_ITEMS, MAX_LEN, MAX_POLL_SEC, MAX_PORT, MIN_POLL_SEC } from './limits';
import { SECRET_STORE_KINDS } from './version';
import { SentCopyMode, SmtpSettings } from './smtp-settings';

/** A string of at most `max` characters (limits.ts). */
export const boundedString = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** A string of 1 to `max` characters. */
export const nonEmptyString = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
/** An array of at most `max` entries. */
export const boundedList = <T extends v.GenericSchema>(item: T, max: number) => v.pipe(v.array(item), v.maxLength(max));

/** Account ids (the bridge makes UUIDs); also what request params name an account by. */
export const AccountIdString = nonEmptyString(MAX_LEN.id);
/** A mailbox path such as `INBOX` or `Archive/2024`. */
export const MailboxPath = nonEmptyString(MAX_LEN.path);
/** UIDVALIDITY or MODSEQ: a decimal 64-bit number as a string (POP3's uidValidity is "0"). */
export const DecimalString = nonEmptyString(MAX_LEN.decimal);

/** An integer in [min, max]. */
const Int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const Port = Int(1, MAX_PORT);
const PollSeconds = Int(MIN_POLL_SEC, MAX_POLL_SEC);
const Count = Int(0, MAX_COUNT);
const Bytes = Int(0, MAX_BYTES);

export const AccountType = v.picklist(['imap', 'pop3']);
export const Security = v.picklist(['tls', 'starttls', 'none']);
export const DeleteMode = v.picklist(['trash', 'markOnly']);
/** How the bridge logs in: a stored password, or OAuth 2.0 tokens (SASL XOAUTH2 / OAUTHBEARER, RFC 7628). */
export const AuthKind = v.picklist(['password', 'oauth2']);
/** The OAuth providers of src/protocol/rules/providers.ts. */
export const OAuthProvider = v.picklist(['google', 'microsoft']);
export type OAuthProvider = v.InferOutput<typeof OAuthProvider>;
/** An OAuth client id: Google's end in `.apps.googleusercontent.com`, Microsoft's are UUIDs. */
export const OAuthClientId = nonEmptyString(MAX_LEN.token);

/** Connection state of one account, as the bridge sees it. */
export const AccountState = v.picklist([
  'idle', // configured, not connected (e.g. no extension attached yet)
  'connecting',
  'connected',
  'reconnecting', // dropped; retrying with backoff
  'authFailed', // credentials refused; no retries until the account changes
  'tlsUntrusted', // certificate did not verify and is not pinned
  'signInRequired', // OAuth: the refresh token was refused; the user must sign in again
  'error',
]);
export type AccountState = v.InferOutput<typeof AccountState>;

/**
 * Whether an IMAP account's push can be trusted (docs/architecture.md "Push first"):
 * `unverified` until a push or a check says otherwise; `verified` once IDLE/NOTIFY announced a
 * change; `unreliable` once a check on the other connection found a change that no push
 * announced — the bridge then polls the IDLE mailbox at a tighter interval and restarts IDLE
 * each time. POP3 accounts have no push and omit it.
 */
export const PushHealth = v.picklist(['unverified', 'verified', 'unreliable']);
export type PushHealth = v.InferOutput<typeof PushHealth>;

/** Settings a user may give an account. Secrets are never part of this. */
export const AccountSettings = v.object({
  type: AccountType,
  label: v.optional(boundedString(MAX_LEN.label)),
  host: nonEmptyString(MAX_LEN.host),
  port: v.optional(Port),
  security: v.optional(Security),
  user: nonEmptyString(MAX_LEN.user),
  /** SHA-256 fingerprint (hex, colons optional) of a self-signed certificate the user accepted. */
  pinnedCert: v.optional(boundedString(MAX_LEN.fingerprint)),
  /** IMAP: folders to watch; INBOX by default. */
  watchedFolders: v.optional(boundedList(MailboxPath, MAX_ITEMS.folders)),
  includeInBadge: v.optional(v.boolean()),
  notify: v.optional(v.boolean()),
  deleteMode: v.optional(DeleteMode),
  /** POP3: keep mail on the server (default true). */
  leaveOnServer: v.optional(v.boolean()),
  /**
   * POP3 poll interval / IMAP STATUS polling interval in seconds, 30 s to 24 h: above ~24.8 days
   * Node's setTimeout overflows and fires at once, which polled the server in a tight loop.
   */
  pollIntervalSec: v.optional(PollSeconds),
  /** Optional webmail URL template; `{messageId}` is replaced. */
  webmailUrl: v.optional(boundedString(MAX_LEN.url)),
  /** `password` when absent. An `oauth2` account names its provider; its tokens stay in the bridge. */
  auth: v.optional(AuthKind),
  oauthProvider: v.optional(OAuthProvider),
  /** "Use my own OAuth app": a client id that replaces the one this build carries. */
  oauthClientId: v.optional(OAuthClientId),
  /** Outgoing mail: the SMTP server (defaults from the incoming one) and the Sent copy. */
  smtp: v.optional(SmtpSettings),
  sentCopy: v.optional(SentCopyMode),
});
export type AccountSettings = v.InferOutput<typeof AccountSettings>;

/** An account as the extension sees it: settings with defaults filled in, no secrets. */
export const AccountView = v.object({
  id: AccountIdString,
  type: AccountType,
  /** The user's label, or `user@host` when none was given. */
  label: boundedString(MAX_LEN.user + 1 + MAX_LEN.host),
  host: nonEmptyString(MAX_LEN.host),
  port: Port,
  security: Security,
  user: nonEmptyString(MAX_LEN.user),
  pinnedCert: v.optional(boundedString(MAX_LEN.fingerprint)),
  watchedFolders: boundedList(MailboxPath, MAX_ITEMS.folders),
  includeInBadge: v.boolean(),
  notify: v.boolean(),
  deleteMode: DeleteMode,
  leaveOnServer: v.optional(v.boolean()),
  pollIntervalSec: PollSeconds,
  webmailUrl: v.optional(boundedString(MAX_LEN.url)),
  auth: v.optional(AuthKind),
  oauthProvider: v.optional(OAuthProvider),
  oauthClientId: v.optional(OAuthClientId),
  smtp: v.optional(SmtpSettings),
  sentCopy: v.optional(SentCopyMode),
  /** A password, or for `oauth2` accounts a refresh token, is stored in the bridge. */
  hasPassword: v.boolean(),
  /** A separate SMTP secret is stored (else sending logs in with the incoming one). */
  hasSmtpPassword: v.optional(v.boolean()),
  state: AccountState,
  /** Human-readable reason for `authFailed`, `tlsUntrusted`, `signInRequired` or `error`. */
  stateDetail: v.optional(boundedString(MAX_LEN.detail)),
  /** IMAP only, while connected. */
  push: v.optional(PushHealth),
  /** Where the secret lives: the OS keyring or the bridge's 0600 file. */
  secretStore: v.optional(v.picklist(SECRET_STORE_KINDS)),
});
export type AccountView = v.InferOutput<typeof AccountView>;

export const Address = v.object({
  name: v.optional(boundedString(MAX_LEN.name)),
  address: boundedString(MAX_LEN.user),
});
export type Address = v.InferOutput<typeof Address>;

/** The largest IMAP UID: a non-zero unsigned 32-bit number (RFC 9051 §2.3.1.1). */
export const IMAP_UID_MAX = 4294967295;

/** Whether `s` is one IMAP UID in decimal (1..2^32-1, no sign, no leading zero). */
export function isImapUid(s: string): boolean {
  return /^[1-9]\d{0,9}$/.test(s) && Number(s) <= IMAP_UID_MAX;
}

/** A POP3 unique-id: 1 to 70 characters in 0x21..0x7E (RFC 1939 §7, UIDL). */
const UIDL = /^[\x21-\x7E]{1,70}$/;

/**
 * Whether `s` can address one message: an IMAP UID, or a POP3 UIDL that is not written like an
 * IMAP sequence set (RFC 9051 §9 `sequence-set`: digits, `*`, `:` and `,`). A ref does not say
 * its account's type, so `"1:*"`, `"*"` or `"1,2"` — which would reach a whole mailbox through
 * `UID STORE`/`UID MOVE` — are refused for both. The bridge requires `isImapUid` for IMAP
 * accounts on top of this (src/bridge/handlers/message-ref.ts).
 */
export function isMessageUid(s: string): boolean {
  if (isImapUid(s)) return true;
  return UIDL.test(s) && !(/[*:,]/.test(s) && /^[\d*:,]+$/.test(s));
}

/** One IMAP UID (decimal) or one POP3 UIDL; never a sequence set. */
export const MessageUid = v.pipe(
  v.string(),
  v.check(isMessageUid, 'an IMAP UID (1..4294967295) or a POP3 UIDL (RFC 1939 §7), not a set'),
);

/** One IMAP UID in decimal. */
export const ImapUid = v.pipe(v.string(), v.check(isImapUid, 'an IMAP UID in decimal (1..4294967295)'));

/**
 * Addresses one message on the server. `uid` is the IMAP UID as a decimal string, or the POP3
 * UIDL (never a set: see `isMessageUid`). `uidValidity` is a decimal string (imapflow gives
 * BigInt); POP3 uses "0".
 */
export const MessageRef = v.object({
  accountId: AccountIdString,
  mailbox: MailboxPath,
  uidValidity: DecimalString,
  uid: MessageUid,
});
export type MessageRef = v.InferOutput<typeof MessageRef>;

export const MessageHeader = v.object({
  /** An IMAP UID or a POP3 UIDL (RFC 1939 §7: at most 70 characters). */
  uid: nonEmptyString(70),
  messageId: v.optional(boundedString(MAX_LEN.messageId)),
  from: boundedList(Address, MAX_ITEMS.addresses),
  to: boundedList(Address, MAX_ITEMS.addresses),
  subject: boundedString(MAX_LEN.subject),
  /** ISO 8601. */
  date: boundedString(MAX_LEN.token),
  flags: boundedList(boundedString(MAX_LEN.token), MAX_ITEMS.flags),
  size: Bytes,
  hasAttachments: v.boolean(),
  /** Plain text, at most 200 characters. */
  snippet: v.pipe(v.string(), v.maxLength(200)),
});
export type MessageHeader = v.InferOutput<typeof MessageHeader>;

export const Quota = v.object({
  /** Bytes used and allowed (STORAGE resource, RFC 9208). */
  usage: Bytes,
  limit: Bytes,
});

export const MailboxStatus = v.object({
  path: MailboxPath,
  name: boundedString(MAX_LEN.path),
  specialUse: v.optional(boundedString(MAX_LEN.token)),
  uidValidity: DecimalString,
  total: Count,
  /** Unread messages, not counting those marked \Deleted (they wait for a purge, unlisted). */
  unseen: Count,
  /** IMAP: messages marked \Deleted, waiting for `mailbox.purge`; omitted when none. */
  deleted: v.optional(Count),
  highestModseq: v.optional(DecimalString),
  quota: v.optional(Quota),
});
export type MailboxStatus = v.InferOutput<typeof MailboxStatus>;

export const Attachment = v.object({
  filename: boundedString(255),
  contentType: boundedString(255),
  size: Bytes,
});

/** Reply-To, Cc and the parent's References, for Reply, Reply all and threading. */
export const ReplyContext = v.object({
  replyTo: boundedList(Address, MAX_ITEMS.addresses),
  cc: boundedList(Address, MAX_ITEMS.addresses),
  /** The References Message-IDs in order, at most the last 20. */
  references: boundedList(boundedString(MAX_LEN.messageId), 20),
});
export type ReplyContext = v.InferOutput<typeof ReplyContext>;

export const MessageBody = v.object({
  ref: MessageRef,
  header: MessageHeader,
  text: v.optional(boundedString(MAX_LEN.body)),
  /** Raw HTML from the message; the extension sanitizes it before display. */
  html: v.optional(boundedString(MAX_LEN.body)),
  attachments: boundedList(Attachment, MAX_ITEMS.attachments),
  /**
   * True when anything was cut: text or html to keep the reply under the native-messaging limit,
   * the attachment list (at most 100 entries), or the message itself (a capped download).
   */
  truncated: v.boolean(),
  /** What answering needs besides the header (omitted when all empty): RFC 5322 §3.6.3, §3.6.4. */
  replyContext: v.optional(ReplyContext),
});
export type MessageBody = v.InferOutput<typeof MessageBody>;

export const MessageAction = v.picklist(['markRead', 'markUnread', 'flag', 'unflag', 'delete', 'archive', 'junk']);
export type MessageAction = v.InferOutput<typeof MessageAction>;

export const ConnectionReport = v.object({
  tlsVersion: v.optional(boundedString(MAX_LEN.token)),
  certFingerprint: v.optional(boundedString(MAX_LEN.fingerprint)),
  certVerified: v.boolean(),
  capabilities: boundedList(boundedString(MAX_LEN.token), MAX_ITEMS.capabilities),
  folders: boundedList(
    v.object({ path: boundedString(MAX_LEN.path), specialUse: v.optional(boundedString(MAX_LEN.token)) }),
    MAX_ITEMS.serverFolders,
  ),
  /** How the test logged in: `PLAIN`, `LOGIN`, `OAUTHBEARER`, `XOAUTH2`, `USER/PASS`, `APOP`. */
  authMechanism: v.optional(boundedString(MAX_LEN.token)),
  /** IMAP: the push health the running bridge last found for this account, and when (ISO 8601). */
  push: v.optional(v.object({ health: PushHealth, at: boundedString(40) })),
});
export type ConnectionReport = v.InferOutput<typeof ConnectionReport>;

/**
 * Something wrong with the bridge's own files, reported by `hello` and `doctor` instead of
 * failing them: the extension can still show it and run `doctor`. Bounded, and never a secret:
 * `detail` names a field or an entry's position, not its value.
 */
export const ConfigProblem = v.object({
  where: v.picklist(['accounts.json', 'secrets.json', 'config folder', 'logs', 'secret store']),
  detail: v.pipe(v.string(), v.maxLength(300)),
});
export type ConfigProblem = v.InferOutput<typeof ConfigProblem>;
/** At most this many problems travel; the bridge's log and the CLI's `doctor` have all of them. */
export const MAX_CONFIG_PROBLEMS = 20;
export const ConfigProblems = v.pipe(v.array(ConfigProblem), v.maxLength(MAX_CONFIG_PROBLEMS));
