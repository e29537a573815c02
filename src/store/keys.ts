/**
 * One string per message, used as the notified-key, as notification ids and in the popup route
 * `popup.html#/message/<key>`. Each part is percent-encoded, so the `:` separator cannot occur
 * inside a part and the key survives a URL fragment unchanged.
 */
import type { MessageRef } from '../protocol/model';

/** The string key of a message: `accountId:mailbox:uidValidity:uid`, each part URI-encoded. */
export function refToKey(ref: MessageRef): string {
  return [ref.accountId, ref.mailbox, ref.uidValidity, ref.uid].map(encodeURIComponent).join(':');
}

/** Parses a key made by `refToKey`; `undefined` for anything else. */
export function keyToRef(key: string): MessageRef | undefined {
  const parts = key.split(':');
  if (parts.length !== 4) return undefined;
  try {
    const [accountId, mailbox, uidValidity, uid] = parts.map(decodeURIComponent);
    if (!accountId || !mailbox || !uidValidity || !uid) return undefined;
    return { accountId, mailbox, uidValidity, uid };
  } catch {
    return undefined; // malformed percent-encoding
  }
}

/** The IndexedDB primary key of a message row. */
export type MessageKey = [accountId: string, mailbox: string, uidValidity: string, uid: string];

export function refToDbKey(ref: MessageRef): MessageKey {
  return [ref.accountId, ref.mailbox, ref.uidValidity, ref.uid];
}
