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
