/**
 * Defaults both sides need, kept free of valibot so a page can import them without the schemas.
 */

/**
 * Seconds between polls when an account does not set `pollIntervalSec`, whichever way it was
 * added (CLI, options page): IMAP checks that push still works and polls the folders nothing
 * pushes; POP3, which has no push at all, polls the maildrop.
 */
export const DEFAULT_POLL_INTERVAL_SEC = { imap: 60, pop3: 120 } as const;
