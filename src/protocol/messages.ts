/**
 * Every request, reply and pushed event of bridge protocol v1. The map below is the single source
 * of truth: both sides validate with these schemas and `docs/protocol.md` documents each entry
 * (a unit test checks that every request type has a handler and a documented entry).
 */
import * as v from 'valibot';
import {
  AccountSettings,
  AccountState,
  AccountView,
  ConnectionReport,
  MailboxStatus,
  MessageAction,
  MessageBody,
  MessageHeader,
  MessageRef,
} from './model';
import { AutodetectResult } from './autodetect';
import { BRIDGE_CAPABILITIES } from './version';

const Empty = v.object({});
const AccountId = v.object({ accountId: v.pipe(v.string(), v.minLength(1)) });

export const Requests = {
  /** Handshake; must be the first request. */
  hello: {
    params: v.object({
      protocolVersion: v.number(),
      client: v.object({ name: v.string(), version: v.string(), browser: v.optional(v.string()) }),
    }),
    result: v.object({
      protocolVersion: v.number(),
      bridgeVersion: v.string(),
      capabilities: v.array(v.picklist(BRIDGE_CAPABILITIES)),
      secretStore: v.picklist(['keyring', 'file']),
    }),
  },
  ping: { params: Empty, result: Empty },
  'accounts.list': { params: Empty, result: v.object({ accounts: v.array(AccountView) }) },
  'account.add': {
    params: v.object({ settings: AccountSettings, password: v.optional(v.string()) }),
    result: v.object({ account: AccountView }),
  },
  'account.update': {
    params: v.object({
      accountId: v.pipe(v.string(), v.minLength(1)),
      settings: v.partial(AccountSettings),
      password: v.optional(v.string()),
    }),
    result: v.object({ account: AccountView }),
  },
  'account.remove': { params: AccountId, result: Empty },
  /** Test a saved account, or a draft (settings + password) before saving it. */
  'account.test': {
    params: v.union([AccountId, v.object({ settings: AccountSettings, password: v.optional(v.string()) })]),
    result: ConnectionReport,
  },
  /** Guess server settings from an e-mail address (RFC 6186 SRV, then common host names). */
  'account.autodetect': {
    params: v.object({ email: v.pipe(v.string(), v.email()) }),
    result: AutodetectResult,
  },
  /** Ask for fresh `mailbox.snapshot` events (all accounts, or one). */
  resync: {
    params: v.object({ accountId: v.optional(v.string()) }),
    result: Empty,
  },
  /** POP3: poll now. IMAP: re-read STATUS of watched folders. */
  refresh: {
    params: v.object({ accountId: v.optional(v.string()) }),
    result: Empty,
  },
  'message.fetch': { params: v.object({ ref: MessageRef }), result: MessageBody },
  /**
   * Apply an action on the server. Idempotent: replaying the same `actionId` or the same action
   * on the same ref is harmless. The result carries the server's counts afterwards.
   */
  'message.action': {
    params: v.object({
      actionId: v.pipe(v.string(), v.minLength(1)),
      ref: MessageRef,
      action: MessageAction,
    }),
    result: v.object({ mailbox: MailboxStatus }),
  },
  /**
   * Set \Seen on every message of a mailbox whose UID is at most `upToUid` (every message without
   * it), so mail that arrived after the user asked stays unread. Idempotent like `message.action`;
   * a `uidValidity` that no longer matches answers MESSAGE_GONE. POP3 has no ordered UIDs and
   * ignores `upToUid`: every UIDL the bridge lists is marked read.
   */
  'mailbox.markAllRead': {
    params: v.object({
      actionId: v.pipe(v.string(), v.minLength(1)),
      accountId: v.pipe(v.string(), v.minLength(1)),
      mailbox: v.pipe(v.string(), v.minLength(1)),
      uidValidity: v.pipe(v.string(), v.minLength(1)),
      // An IMAP UID is a non-zero 32-bit number (RFC 9051 §2.3.1.1), in decimal like every ref.
      upToUid: v.optional(v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/))),
    }),
    result: v.object({ mailbox: MailboxStatus }),
  },
  /** Expunge messages marked \Deleted ("mark only, purge later"). */
  'mailbox.purge': {
    params: v.object({ accountId: v.pipe(v.string(), v.minLength(1)), mailbox: v.string() }),
    result: v.object({ mailbox: MailboxStatus }),
  },
  doctor: {
    params: Empty,
    result: v.object({
      nodeVersion: v.string(),
      bridgeVersion: v.string(),
      configDir: v.string(),
      configDirMode: v.optional(v.string()),
      secretStore: v.picklist(['keyring', 'file']),
      browsers: v.array(
        v.object({
          browser: v.string(),
          registered: v.boolean(),
          path: v.string(),
          // Optional so an older bridge's report still validates.
          status: v.optional(
            v.picklist(['registered', 'not-registered', 'invalid-manifest', 'wrong-extension-ids', 'launcher-missing']),
          ),
          launcher: v.optional(v.string()),
          /** Why a manifest that exists does not work, in words for the user. */
          problems: v.optional(v.array(v.string())),
        }),
      ),
    }),
  },
} as const;

export type RequestType = keyof typeof Requests;
export type RequestParams<T extends RequestType> = v.InferOutput<(typeof Requests)[T]['params']>;
export type RequestResult<T extends RequestType> = v.InferOutput<(typeof Requests)[T]['result']>;
export const REQUEST_TYPES = Object.keys(Requests) as RequestType[];

export const Events = {
  /** A frame the bridge could not read (invalid JSON); it has no id to reply to. */
  'protocol.error': v.object({ code: v.string(), message: v.string() }),
  /** An account's connection state changed. */
  'account.state': v.object({
    accountId: v.string(),
    state: AccountState,
    detail: v.optional(v.string()),
  }),
  /** Accounts were added, changed or removed (by any browser or the CLI). */
  'accounts.changed': v.object({ accounts: v.array(AccountView) }),
  /**
   * The full current picture of one mailbox: counts from the server and the newest unread
   * headers. Replaces whatever the extension had for that mailbox; a new `uidValidity`
   * means every cached row of that mailbox is void.
   */
  'mailbox.snapshot': v.object({
    accountId: v.string(),
    mailbox: MailboxStatus,
    messages: v.array(MessageHeader),
  }),
  /** Changes since the last snapshot/delta; `mailbox` holds the server's counts after them. */
  'mailbox.delta': v.object({
    accountId: v.string(),
    mailbox: MailboxStatus,
    added: v.array(MessageHeader),
    removed: v.array(v.string()),
    flags: v.array(v.object({ uid: v.string(), flags: v.array(v.string()) })),
  }),
} as const;

export type EventType = keyof typeof Events;
export type EventData<T extends EventType> = v.InferOutput<(typeof Events)[T]>;
