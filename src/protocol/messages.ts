/**
 * Every request, reply and pushed event of bridge protocol v1. The map below is the single source
 * of truth: both sides validate with these schemas and `docs/protocol.md` documents each entry
 * (a unit test checks that every request type has a handler and a documented entry).
 */
import * as v from 'valibot';
import {
  AccountIdString,
  AccountSettings,
  boundedList,
  boundedString,
  AccountState,
  PushHealth,
  AccountView,
  ConfigProblems,
  ConnectionReport,
  DecimalString,
  ImapUid,
  MailboxPath,
  nonEmptyString,
  MailboxStatus,
  MessageAction,
  MessageBody,
  MessageHeader,
  MessageRef,
  MessageUid,
  OAuthClientId,
  OAuthProvider,
} from './model';
import { AutodetectResult } from './autodetect';
import { SendParams, SendResult } from './send';
import { PROTOCOL_ERROR_CODES } from './errors';
import { MAX_ITEMS, MAX_LEN, MAX_PAGE_SIZE, MAX_PROTOCOL_VERSION } from './limits';
import { BRIDGE_CAPABILITIES, SECRET_STORE_KINDS } from './version';

/** Longest error message on the wire (`error.message`, `protocol.error`); longer ones are cut. */
export const MAX_ERROR_MESSAGE = 1000;

const Empty = v.object({});
const Password = boundedString(MAX_LEN.password);
const ActionId = nonEmptyString(MAX_LEN.actionId);
const ProtocolVersion = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_PROTOCOL_VERSION));
const AccountId = v.object({ accountId: AccountIdString });
/** A sign-in the bridge started: 32 hex characters of randomness, never the OAuth `state`. */
const SignInId = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/));
/** The longest `oauth.wait` holds its reply open; the extension asks again after it. */
export const MAX_OAUTH_WAIT_MS = 30_000;

export const Requests = {
  /** Handshake; must be the first request. */
  hello: {
    params: v.object({
      protocolVersion: ProtocolVersion,
      client: v.object({
        name: boundedString(MAX_LEN.token),
        version: boundedString(MAX_LEN.token),
        browser: v.optional(boundedString(MAX_LEN.token)),
      }),
    }),
    result: v.object({
      protocolVersion: ProtocolVersion,
      bridgeVersion: boundedString(MAX_LEN.token),
      capabilities: v.array(v.picklist(BRIDGE_CAPABILITIES)),
      secretStore: v.picklist(SECRET_STORE_KINDS),
      /** Damaged or unreadable config files; absent when there is nothing to report. */
      configProblems: v.optional(ConfigProblems),
    }),
  },
  ping: { params: Empty, result: Empty },
  'accounts.list': { params: Empty, result: v.object({ accounts: v.array(AccountView) }) },
  'account.add': {
    params: v.object({
      settings: AccountSettings,
      password: v.optional(Password),
      /** A secret for the SMTP server alone; without one, sending logs in with `password`. */
      smtpPassword: v.optional(Password),
    }),
    result: v.object({ account: AccountView }),
  },
  'account.update': {
    params: v.object({
      accountId: AccountIdString,
      settings: v.partial(AccountSettings),
      password: v.optional(Password),
      /** A separate SMTP secret; the empty string removes it (back to the incoming one). */
      smtpPassword: v.optional(Password),
    }),
    result: v.object({ account: AccountView }),
  },
  'account.remove': { params: AccountId, result: Empty },
  /** Test a saved account, or a draft (settings + password) before saving it. */
  'account.test': {
    params: v.union([AccountId, v.object({ settings: AccountSettings, password: v.optional(Password) })]),
    result: ConnectionReport,
  },
  /** Guess server settings from an e-mail address (RFC 6186 SRV, then common host names). */
  'account.autodetect': {
    params: v.object({ email: v.pipe(v.string(), v.maxLength(MAX_LEN.user), v.email()) }),
    result: AutodetectResult,
  },
  /** Ask for fresh `mailbox.snapshot` events (all accounts, or one). */
  resync: {
    params: v.object({ accountId: v.optional(AccountIdString) }),
    result: Empty,
  },
  /** POP3: poll now. IMAP: re-read STATUS of watched folders. */
  refresh: {
    params: v.object({ accountId: v.optional(AccountIdString) }),
    result: Empty,
  },
  'message.fetch': { params: v.object({ ref: MessageRef }), result: MessageBody },
  /**
   * Apply an action on the server. Idempotent: replaying the same `actionId` or the same action
   * on the same ref is harmless. The result carries the server's counts afterwards.
   */
  'message.action': {
    params: v.object({
      actionId: ActionId,
      ref: MessageRef,
      action: MessageAction,
    }),
    result: v.object({ mailbox: MailboxStatus }),
  },
  /**
   * Set \Seen on every message of a mailbox whose UID is at most `upToUid` (every message without
   * it), so mail that arrived after the user asked stays unread. Idempotent like `message.action`;
   * a `uidValidity` that no longer matches answers MAILBOX_CHANGED. POP3 UIDLs have no order, so
   * POP3 takes `upToUidls` instead: UIDLs of mail the user saw; every message listed at or before
   * the latest of them still in the maildrop is marked read (none listed: MESSAGE_GONE). IMAP
   * ignores `upToUidls`, POP3 `upToUid`.
   */
  'mailbox.markAllRead': {
    params: v.object({
      actionId: ActionId,
      accountId: AccountIdString,
      mailbox: MailboxPath,
      uidValidity: DecimalString,
      // An IMAP UID is a non-zero 32-bit number (RFC 9051 §2.3.1.1), in decimal like every ref.
      upToUid: v.optional(ImapUid),
      upToUidls: v.optional(v.pipe(boundedList(MessageUid, MAX_ITEMS.markAllReadUidls), v.minLength(1))),
    }),
    result: v.object({ mailbox: MailboxStatus }),
  },
  /**
   * The next page of unread headers of one mailbox, older than the ones the extension holds:
   * unread messages (not marked \Deleted) listed before `before` (an IMAP UID: every lower UID;
   * a POP3 UIDL: every message earlier in the maildrop), newest first, at most `limit`, cut
   * further to the 1 MB budget. Without `before`, the page starts at the newest. `more` says
   * whether unread messages older than the last one returned remain. Read only: nothing changes
   * on the server. A `uidValidity` that no longer matches answers MAILBOX_CHANGED.
   */
  'mailbox.page': {
    params: v.object({
      accountId: AccountIdString,
      mailbox: MailboxPath,
      uidValidity: DecimalString,
      before: v.optional(MessageUid),
      limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_PAGE_SIZE)),
    }),
    result: v.object({
      mailbox: MailboxStatus,
      messages: boundedList(MessageHeader, MAX_PAGE_SIZE),
      more: v.boolean(),
    }),
  },
  /** Expunge messages marked \Deleted ("mark only, purge later"). */
  'mailbox.purge': {
    params: v.object({ accountId: AccountIdString, mailbox: MailboxPath }),
    result: v.object({ mailbox: MailboxStatus }),
  },
  /**
   * Start an OAuth 2.0 sign-in (authorization code + PKCE, RFC 7636, with a loopback redirect,
   * RFC 8252 §7.3): for a new account (`settings` with `auth: 'oauth2'` and `oauthProvider`), or
   * again for an existing one (`accountId`). The bridge listens on a random loopback port and
   * answers the URL the extension opens in a tab; tokens never cross native messaging.
   */
  'oauth.start': {
    params: v.union([
      v.object({ accountId: AccountIdString, clientId: v.optional(OAuthClientId) }),
      v.object({ settings: AccountSettings }),
    ]),
    result: v.object({
      signInId: SignInId,
      provider: OAuthProvider,
      authorizationUrl: v.pipe(v.string(), v.maxLength(MAX_LEN.url), v.url()),
      /** Seconds until the sign-in gives up (5 minutes). */
      expiresInSec: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600)),
    }),
  },
  /**
   * Wait up to `waitMs` for a started sign-in to finish. `pending`: ask again. `done`: the account
   * was added (or its tokens replaced). A failed sign-in answers SIGN_IN_FAILED with the reason.
   */
  'oauth.wait': {
    params: v.object({
      signInId: SignInId,
      waitMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_OAUTH_WAIT_MS))),
    }),
    result: v.variant('status', [
      v.object({ status: v.literal('pending') }),
      v.object({ status: v.literal('done'), account: AccountView }),
    ]),
  },
  /** Give up a started sign-in: its loopback listener closes, nothing is stored. */
  'oauth.cancel': { params: v.object({ signInId: SignInId }), result: Empty },
  /**
   * Send a message through the account's SMTP server, then file a copy in Sent and flag the
   * answered message. Idempotent by `messageId`: a try that went out already is not sent again
   * (`alreadySent`), and one the bridge cannot be sure about fails with SEND_UNCERTAIN until the
   * request says `uncertain`.
   */
  'message.send': { params: SendParams, result: SendResult },
  doctor: {
    params: Empty,
    result: v.object({
      nodeVersion: boundedString(MAX_LEN.token),
      bridgeVersion: boundedString(MAX_LEN.token),
      configDir: boundedString(MAX_LEN.path),
      configDirMode: v.optional(boundedString(MAX_LEN.token)),
      secretStore: v.picklist(SECRET_STORE_KINDS),
      browsers: boundedList(
        v.object({
          browser: boundedString(MAX_LEN.token),
          registered: v.boolean(),
          path: boundedString(MAX_LEN.path),
          // Optional so an older bridge's report still validates.
          status: v.optional(
            v.picklist(['registered', 'not-registered', 'invalid-manifest', 'wrong-extension-ids', 'launcher-missing']),
          ),
          launcher: v.optional(boundedString(MAX_LEN.path)),
          /** Why a manifest that exists does not work, in words for the user. */
          problems: v.optional(boundedList(boundedString(MAX_LEN.detail), MAX_ITEMS.small)),
        }),
        MAX_ITEMS.small,
      ),
      /** The same as `hello`'s: damaged or unreadable config files. */
      configProblems: v.optional(ConfigProblems),
    }),
  },
} as const;

export type RequestType = keyof typeof Requests;
export type RequestParams<T extends RequestType> = v.InferOutput<(typeof Requests)[T]['params']>;
export type RequestResult<T extends RequestType> = v.InferOutput<(typeof Requests)[T]['result']>;
export const REQUEST_TYPES = Object.keys(Requests) as RequestType[];

export const Events = {
  /** A frame the bridge could not read (invalid JSON); it has no id to reply to. */
  'protocol.error': v.object({
    code: v.picklist(PROTOCOL_ERROR_CODES),
    message: v.pipe(v.string(), v.maxLength(MAX_ERROR_MESSAGE)),
  }),
  /** An account's connection state changed. */
  'account.state': v.object({
    accountId: AccountIdString,
    state: AccountState,
    detail: v.optional(boundedString(MAX_LEN.detail)),
    push: v.optional(PushHealth),
  }),
  /** Accounts were added, changed or removed (by any browser or the CLI). */
  'accounts.changed': v.object({ accounts: v.array(AccountView) }),
  /**
   * The full current picture of one mailbox: counts from the server and the newest unread
   * headers. Replaces whatever the extension had for that mailbox; a new `uidValidity`
   * means every cached row of that mailbox is void.
   */
  'mailbox.snapshot': v.object({
    accountId: AccountIdString,
    mailbox: MailboxStatus,
    messages: v.array(MessageHeader),
    /** True when older headers were left out to keep the event under the 1 MB message limit. */
    truncated: v.optional(v.boolean()),
  }),
  /** Changes since the last snapshot/delta; `mailbox` holds the server's counts after them. */
  'mailbox.delta': v.object({
    accountId: AccountIdString,
    mailbox: MailboxStatus,
    added: v.array(MessageHeader),
    removed: v.array(nonEmptyString(70)),
    flags: v.array(
      v.object({ uid: nonEmptyString(70), flags: boundedList(boundedString(MAX_LEN.token), MAX_ITEMS.flags) }),
    ),
  }),
} as const;

export type EventType = keyof typeof Events;
export type EventData<T extends EventType> = v.InferOutput<(typeof Events)[T]>;
