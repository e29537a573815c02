/**
 * The one typed message map between extension pages (popup, options) and the background.
 * Params are validated with valibot in the background (pages are trusted, but a bug in one should
 * fail loudly, not corrupt the outbox). Account requests pass through to the bridge unchanged.
 *
 * Wire format:  page → background  { mailglance: 1, type, payload }
 *               background → page  { ok: true, result } | { ok: false, error: { code, message, retryable } }
 *               background → pages (broadcast)  { mailglanceEvent: 'changed', stores: StoreName[] }
 */
import * as v from 'valibot';
import { ErrorCode } from '../protocol/errors';
import { Requests, type RequestResult } from '../protocol/messages';
import { MessageAction, MessageRef, type MessageBody } from '../protocol/model';
import type { TlsFailure } from '../protocol/tls-failure';
import type { BridgeStatus } from './bridge-status';
import { SettingsPatch, type Settings } from '../store/settings';
import type { StoreName } from '../store/schema';
import type { DraftStatus } from '../store/drafts';
import { UncertainChoice } from '../protocol/send';

/** The longest an action may be held back for undo. */
export const MAX_HOLD_MS = 30_000;

/** Most messages one multi-selection action may name (the popup lists far fewer at once). */
export const MAX_BATCH = 1000;

const OptionalAccount = v.object({ accountId: v.optional(v.pipe(v.string(), v.minLength(1))) });

export const RuntimeRequests = {
  /** Bridge state and how many actions wait for the server. */
  getStatus: v.object({}),
  /**
   * Queue an action (optimistic at once, sent when the bridge is there). `holdMs` keeps it in the
   * outbox that long before sending, so `cancelAction` can still take it back (undo delete).
   */
  performAction: v.object({
    ref: MessageRef,
    action: MessageAction,
    holdMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_HOLD_MS))),
  }),
  /** Take back a queued action that has not been sent yet; its optimistic effect is undone. */
  cancelAction: v.object({ actionId: v.pipe(v.string(), v.minLength(1)) }),
  /** Full message from the server. `markRead` defaults to settings.markReadOnOpen. */
  fetchBody: v.object({ ref: MessageRef, markRead: v.optional(v.boolean()) }),
  /**
   * Mark all unread mail read on the server, not only the cached rows (one account or all): one
   * mailbox-level outbox action per watched mailbox with unread mail. Result: mailboxes queued.
   */
  markAllRead: OptionalAccount,
  /**
   * Queue one action on several messages at once (a multi-selection): exactly the refs given,
   * never more. Each becomes its own outbox row; the ids come back for one undo of them all.
   */
  performActions: v.object({
    refs: v.pipe(v.array(MessageRef), v.minLength(1), v.maxLength(MAX_BATCH)),
    action: MessageAction,
    holdMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_HOLD_MS))),
  }),
  /** Take back several queued actions (the undo of a `performActions`). */
  cancelActions: v.object({
    actionIds: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1), v.maxLength(MAX_BATCH)),
  }),
  /** "Show older": the next page of older unread headers from the server (one account or all). */
  loadOlder: OptionalAccount,
  /** Poll now (POP3) / re-read STATUS (IMAP). */
  refresh: OptionalAccount,
  /** Drop the cache's view of the server and ask for fresh snapshots. */
  resync: OptionalAccount,
  'account.add': Requests['account.add'].params,
  'account.update': Requests['account.update'].params,
  'account.remove': Requests['account.remove'].params,
  'account.test': Requests['account.test'].params,
  'account.autodetect': Requests['account.autodetect'].params,
  'mailbox.purge': Requests['mailbox.purge'].params,
  /** OAuth sign-in (docs/protocol.md "OAuth sign-in"): the page opens the URL in a tab, then waits. */
  'oauth.start': Requests['oauth.start'].params,
  'oauth.wait': Requests['oauth.wait'].params,
  'oauth.cancel': Requests['oauth.cancel'].params,
  doctor: v.object({}),
  'settings.update': SettingsPatch,
  /**
   * Send a draft (src/store/drafts.ts): queued at once, sent when the bridge is there. After a
   * SEND_UNCERTAIN, `uncertain` says whether to send once more or record it as sent.
   */
  'draft.send': v.object({
    draftId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    uncertain: v.optional(UncertainChoice),
  }),
  /** Try the native port now (the setup page, while it waits for the bridge to be installed). */
  connectBridge: v.object({}),
} as const;

export interface EngineStatus {
  bridge: BridgeStatus;
  pendingActions: number;
}

/** The result type of each request. */
export interface RuntimeResults {
  getStatus: EngineStatus;
  performAction: { actionId: string };
  /** `false`: already sent (or confirmed), too late to take back. */
  cancelAction: { cancelled: boolean };
  fetchBody: MessageBody;
  performActions: { actionIds: string[] };
  /** How many were taken back; fewer than asked when some were already sent. */
  cancelActions: { cancelled: number };
  loadOlder: { added: number; more: boolean };
  markAllRead: { queued: number };
  refresh: Record<string, never>;
  resync: Record<string, never>;
  'account.add': RequestResult<'account.add'>;
  'account.update': RequestResult<'account.update'>;
  'account.remove': RequestResult<'account.remove'>;
  'account.test': RequestResult<'account.test'>;
  'account.autodetect': RequestResult<'account.autodetect'>;
  'mailbox.purge': RequestResult<'mailbox.purge'>;
  'oauth.start': RequestResult<'oauth.start'>;
  'oauth.wait': RequestResult<'oauth.wait'>;
  'oauth.cancel': RequestResult<'oauth.cancel'>;
  doctor: RequestResult<'doctor'>;
  'settings.update': Settings;
  /** The draft's state after the first try (`sent`, `queued`, `failed`, `uncertain`). */
  'draft.send': { status: DraftStatus | 'gone'; error?: { code: string; message: string; retryable: boolean } };
  connectBridge: { bridge: BridgeStatus };
}

export type RuntimeType = keyof typeof RuntimeRequests;
export type RuntimeParams<T extends RuntimeType> = v.InferInput<(typeof RuntimeRequests)[T]>;
export type RuntimeResult<T extends RuntimeType> = RuntimeResults[T];

/** One handler per request type; the background's router dispatches through this. */
export type RuntimeHandlers = {
  [T in RuntimeType]: (payload: v.InferOutput<(typeof RuntimeRequests)[T]>) => Promise<RuntimeResult<T>>;
};

/** Codes only the runtime edge makes: the sender is not our page, the background did not answer. */
export const RuntimeOnlyErrorCode = { Forbidden: 'FORBIDDEN', NoBackground: 'NO_BACKGROUND' } as const;

/** Error codes: the bridge's (passed through, docs/protocol.md) plus the runtime edge's own. */
export type RuntimeErrorCode = ErrorCode | (typeof RuntimeOnlyErrorCode)[keyof typeof RuntimeOnlyErrorCode];

const RUNTIME_ERROR_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCode),
  ...Object.values(RuntimeOnlyErrorCode),
]);

/** Whether `code` is one of the runtime error codes (anything else is reported as INTERNAL). */
export function isRuntimeErrorCode(code: unknown): code is RuntimeErrorCode {
  return typeof code === 'string' && RUNTIME_ERROR_CODES.has(code);
}

export interface RuntimeErrorBody {
  code: RuntimeErrorCode;
  message: string;
  retryable: boolean;
  /** With TLS_UNTRUSTED from the bridge: the certificate failure's class. */
  tls?: TlsFailure;
}

export interface RuntimeEnvelope<T extends RuntimeType = RuntimeType> {
  mailglance: 1;
  type: T;
  payload: RuntimeParams<T>;
}

export type RuntimeReply<T extends RuntimeType = RuntimeType> =
  { ok: true; result: RuntimeResult<T> } | { ok: false; error: RuntimeErrorBody };

export interface ChangedBroadcast {
  mailglanceEvent: 'changed';
  stores: StoreName[];
}

export function isRuntimeType(type: unknown): type is RuntimeType {
  return typeof type === 'string' && Object.hasOwn(RuntimeRequests, type);
}
