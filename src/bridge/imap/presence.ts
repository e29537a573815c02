/**
 * "Is this message still here, and with which flags?" asked with `UID FETCH <uid> (UID FLAGS)`
 * (RFC 9051 §6.4.8). Not `UID SEARCH UID <uid>`: some servers answer that search wrongly after an
 * expunge (they still list a UID that is gone, or miss one that is there), while a FETCH must
 * return the message itself. UIDs are never reused within one UIDVALIDITY (RFC 9051 §2.3.1.1),
 * so "not found" means expunged or moved away, never renumbered.
 */
import type { ImapFlow } from 'imapflow';
import { BridgeError, ErrorCode } from '../../protocol';

/** The selected mailbox must still be the one the UID was taken from (RFC 9051 §2.3.1.1). */
export function ensureSameValidity(client: ImapFlow, path: string, uidValidity: string): void {
  if (!client.mailbox || String(client.mailbox.uidValidity) !== uidValidity) {
    throw new BridgeError(
      ErrorCode.MailboxChanged,
      `the message list of ${path} changed on the server (UIDVALIDITY ${uidValidity} is no longer valid)`,
    );
  }
}

/** Flags of `uid` in the selected mailbox, or undefined when the server has no such message. */
export async function flagsOf(client: ImapFlow, uid: string): Promise<Set<string> | undefined> {
  const found = await client.fetchAll(uid, { uid: true, flags: true }, { uid: true });
  const msg = found.find((m) => String(m.uid) === uid);
  return msg ? (msg.flags ?? new Set<string>()) : undefined;
}

/** Whether a flag set carries \Deleted (flags are case-insensitive, RFC 9051 §2.3.2). */
export function isMarkedDeleted(flags: Set<string> | undefined): boolean {
  return [...(flags ?? [])].some((f) => f.toLowerCase() === '\\deleted');
}
