/**
 * The one mail model every account is presented through (IMAP and POP3 alike): accounts own
 * mailboxes, mailboxes hold messages, messages have flags. POP3 has one mailbox (INBOX) and a
 * virtual `\Seen` flag kept by the bridge.
 */
import * as v from 'valibot';

const NonEmpty = v.pipe(v.string(), v.minLength(1));

export const AccountType = v.picklist(['imap', 'pop3']);
export const Security = v.picklist(['tls', 'starttls', 'none']);
export const DeleteMode = v.picklist(['trash', 'markOnly']);

/** Connection state of one account, as the bridge sees it. */
export const AccountState = v.picklist([
  'idle', // configured, not connected (e.g. no extension attached yet)
  'connecting',
  'connected',
  'reconnecting', // dropped; retrying with backoff
  'authFailed', // credentials refused; no retries until the account changes
  'tlsUntrusted', // certificate did not verify and is not pinned
  'error',
]);
export type AccountState = v.InferOutput<typeof AccountState>;

/** Settings a user may give an account. Secrets are never part of this. */
export const AccountSettings = v.object({
  type: AccountType,
  label: v.optional(v.string()),
  host: NonEmpty,
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
  security: v.optional(Security),
  user: NonEmpty,
  /** SHA-256 fingerprint (hex, colons optional) of a self-signed certificate the user accepted. */
  pinnedCert: v.optional(v.string()),
  /** IMAP: folders to watch; INBOX by default. */
  watchedFolders: v.optional(v.array(NonEmpty)),
  includeInBadge: v.optional(v.boolean()),
  notify: v.optional(v.boolean()),
  deleteMode: v.optional(DeleteMode),
  /** POP3: keep mail on the server (default true). */
  leaveOnServer: v.optional(v.boolean()),
  /** POP3 poll interval / IMAP STATUS polling interval in seconds (floor 30). */
  pollIntervalSec: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30))),
  /** Optional webmail URL template; `{messageId}` is replaced. */
  webmailUrl: v.optional(v.string()),
});
export type AccountSettings = v.InferOutput<typeof AccountSettings>;

/** An account as the extension sees it: settings with defaults filled in, no secrets. */
export const AccountView = v.object({
  id: NonEmpty,
  type: AccountType,
  label: v.string(),
  host: NonEmpty,
  port: v.number(),
  security: Security,
  user: NonEmpty,
  pinnedCert: v.optional(v.string()),
  watchedFolders: v.array(NonEmpty),
  includeInBadge: v.boolean(),
  notify: v.boolean(),
  deleteMode: DeleteMode,
  leaveOnServer: v.optional(v.boolean()),
  pollIntervalSec: v.number(),
  webmailUrl: v.optional(v.string()),
  hasPassword: v.boolean(),
  state: AccountState,
  /** Human-readable reason for `authFailed`, `tlsUntrusted` or `error`. */
  stateDetail: v.optional(v.string()),
  /** Where the secret lives: the OS keyring or the bridge's 0600 file. */
  secretStore: v.optional(v.picklist(['keyring', 'file'])),
});
export type AccountView = v.InferOutput<typeof AccountView>;

export const Address = v.object({ name: v.optional(v.string()), address: v.string() });
export type Address = v.InferOutput<typeof Address>;

/**
 * Addresses one message on the server. `uid` is the IMAP UID as a decimal string, or the POP3
 * UIDL. `uidValidity` is a decimal string (imapflow gives BigInt); POP3 uses "0".
 */
export const MessageRef = v.object({
  accountId: NonEmpty,
  mailbox: NonEmpty,
  uidValidity: NonEmpty,
  uid: NonEmpty,
});
export type MessageRef = v.InferOutput<typeof MessageRef>;

export const MessageHeader = v.object({
  uid: NonEmpty,
  messageId: v.optional(v.string()),
  from: v.array(Address),
  to: v.array(Address),
  subject: v.string(),
  /** ISO 8601. */
  date: v.string(),
  flags: v.array(v.string()),
  size: v.number(),
  hasAttachments: v.boolean(),
  /** Plain text, at most 200 characters. */
  snippet: v.pipe(v.string(), v.maxLength(200)),
});
export type MessageHeader = v.InferOutput<typeof MessageHeader>;

export const Quota = v.object({
  /** Bytes used and allowed (STORAGE resource, RFC 9208). */
  usage: v.number(),
  limit: v.number(),
});

export const MailboxStatus = v.object({
  path: NonEmpty,
  name: v.string(),
  specialUse: v.optional(v.string()),
  uidValidity: NonEmpty,
  total: v.number(),
  unseen: v.number(),
  highestModseq: v.optional(v.string()),
  quota: v.optional(Quota),
});
export type MailboxStatus = v.InferOutput<typeof MailboxStatus>;

export const Attachment = v.object({
  filename: v.string(),
  contentType: v.string(),
  size: v.number(),
});

export const MessageBody = v.object({
  ref: MessageRef,
  header: MessageHeader,
  text: v.optional(v.string()),
  /** Raw HTML from the message; the extension sanitizes it before display. */
  html: v.optional(v.string()),
  attachments: v.array(Attachment),
  /**
   * True when anything was cut: text or html to keep the reply under the native-messaging limit,
   * the attachment list (at most 100 entries), or the message itself (a capped download).
   */
  truncated: v.boolean(),
});
export type MessageBody = v.InferOutput<typeof MessageBody>;

export const MessageAction = v.picklist(['markRead', 'markUnread', 'flag', 'unflag', 'delete', 'archive', 'junk']);
export type MessageAction = v.InferOutput<typeof MessageAction>;

export const ConnectionReport = v.object({
  tlsVersion: v.optional(v.string()),
  certFingerprint: v.optional(v.string()),
  certVerified: v.boolean(),
  capabilities: v.array(v.string()),
  folders: v.array(v.object({ path: v.string(), specialUse: v.optional(v.string()) })),
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
