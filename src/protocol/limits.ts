/**
 * Ranges of every number on the wire, in one place (docs/protocol.md, "Limits"). Both sides
 * validate with schemas built from these, so a value out of range is refused at the edge
 * instead of reaching a timer, a socket or a counter.
 */

/** Largest delay Node's setTimeout keeps: above it the timer fires at once (a tight loop). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Poll interval bounds, in seconds: 30 s (servers' patience) to 24 h (far below MAX_TIMER_MS). */
export const MIN_POLL_SEC = 30;
export const MAX_POLL_SEC = 24 * 60 * 60;

/** TCP port (RFC 793). */
export const MAX_PORT = 65535;

/** Message counts and sequence numbers are unsigned 32-bit in IMAP (RFC 9051 §4). */
export const MAX_COUNT = 2 ** 32 - 1;

/** Byte sizes (messages, attachments, quota): exact in a JSON number. */
export const MAX_BYTES = Number.MAX_SAFE_INTEGER;

/** Protocol versions a peer may name in `hello`. */
export const MAX_PROTOCOL_VERSION = 1000;

/**
 * Longest string of each kind, in characters. Chosen from the standards where one applies and
 * else well above real use, so that no value can grow a stored account or a reply without end
 * (a 1.5 MB label made every `accounts.list` fail with MESSAGE_TOO_LARGE).
 */
export const MAX_LEN = {
  /** Request ids and account ids (the bridge's are UUIDs, 36). */
  id: 64,
  /** `actionId` (the extension's are UUIDs). */
  actionId: 128,
  /** An account's label as the user typed it. */
  label: 200,
  /** A DNS name (RFC 1035 §2.3.4: 253 in text form). */
  host: 253,
  /** A login name or an address (RFC 5321 §4.5.3.1: 64 + @ + 255, rounded to 320). */
  user: 320,
  /** A display name in an address. */
  name: 200,
  /** A password, or an OAuth access token (several KB at some providers). */
  password: 8192,
  /** A SHA-256 fingerprint as hex with optional colons (64 + 31), with room for a prefix. */
  fingerprint: 128,
  /** A mailbox path, a file path. */
  path: 1000,
  /** A URL template. */
  url: 2048,
  /** A subject (RFC 5322 §2.1.1 lines are at most 998; unfolded subjects are cut here). */
  subject: 1000,
  /** A Message-ID (RFC 5322 §2.1.1: one line, 998). */
  messageId: 998,
  /** Short tokens: versions, names of clients and browsers, flags, capabilities, TLS versions. */
  token: 200,
  /** Decimal 64-bit numbers (UIDVALIDITY, MODSEQ) as strings. */
  decimal: 20,
  /** Human-readable details and problems. */
  detail: 1000,
  /** A message body's text or HTML: the 1 MB reply limit cuts them first. */
  body: 1024 * 1024,
} as const;

/**
 * Most headers one `mailbox.page` reply carries. With every header at its longest (~30 KB) a page
 * could still pass 1 MB, so the bridge also cuts a reply to the byte budget; a page of 100 short
 * messages measured 29 KB on Dovecot, far below the native-messaging limit.
 */
export const MAX_PAGE_SIZE = 100;

/** Most entries of the arrays a stored account or a reply can carry. */
export const MAX_ITEMS = {
  /** Watched folders of one account. */
  folders: 100,
  /** Addresses in `from` or `to` (POP3 and IMAP cut at 50). */
  addresses: 50,
  /** Flags on one message. */
  flags: 100,
  /** Attachments listed for one message. */
  attachments: 100,
  /** Capabilities a server announces. */
  capabilities: 500,
  /** Folders a server lists in a connection report. */
  serverFolders: 10_000,
  /** Anything else small: autodetect candidates, doctor's browsers and problems. */
  small: 50,
  /** POP3 UIDLs a "mark all read" names as the newest mail the user saw. */
  markAllReadUidls: 100,
} as const;
