/**
 * `accounts.list` (and the `accounts.changed` event) carries every account in one native message,
 * which a browser takes only up to MAX_HOST_MESSAGE_BYTES. A save that would push the list past
 * that is refused before anything is written: otherwise every later `accounts.list` would answer
 * MESSAGE_TOO_LARGE and the options page could not show, fix or remove any account.
 */
import { BridgeError, ErrorCode, MAX_HOST_MESSAGE_BYTES, type AccountView } from '../../protocol';
import type { StoredAccount } from './driver';

/**
 * Room for what the view adds at run time: the longest state, a state detail (an error message,
 * a certificate fingerprint) and `secretStore`. Generous, so a list that fits when saved still
 * fits when every account is failing.
 */
const STATE_DETAIL_ROOM = 'x'.repeat(300);

/** The size in bytes of the `accounts.list` reply frame for these accounts, at its largest. */
export function listReplyBytes(accounts: readonly StoredAccount[]): number {
  const views: AccountView[] = accounts.map((a) => ({
    ...a,
    hasPassword: false,
    state: 'reconnecting',
    stateDetail: STATE_DETAIL_ROOM,
    secretStore: 'keyring',
  }));
  const reply = { kind: 'reply', id: 'x'.repeat(64), ok: true, result: { accounts: views } };
  return Buffer.byteLength(JSON.stringify(reply), 'utf8');
}

/** Throws BAD_REQUEST when the list of `accounts` would not fit one native message. */
export function assertListFits(accounts: readonly StoredAccount[]): void {
  const bytes = listReplyBytes(accounts);
  if (bytes <= MAX_HOST_MESSAGE_BYTES) return;
  throw new BridgeError(
    ErrorCode.BadRequest,
    `not saved: the account list would take ${Math.ceil(bytes / 1024)} KB, over the ` +
      `${MAX_HOST_MESSAGE_BYTES / 1024} KB a browser accepts in one message from the bridge; ` +
      'shorten labels, folder lists or URLs, or remove accounts',
  );
}
