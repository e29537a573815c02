/**
 * The background side of the runtime-message map: accepts messages only from this extension's
 * own pages, validates the payload, dispatches to the typed handler and turns errors into
 * `{ ok: false, error }` replies (an exception must not reach the page as an opaque failure).
 */
import * as v from 'valibot';
import { TlsFailure } from '../protocol/tls-failure';
import {
  isRuntimeErrorCode,
  isRuntimeType,
  RuntimeRequests,
  type RuntimeErrorBody,
  type RuntimeHandlers,
  type RuntimeReply,
  type RuntimeType,
} from './map';

/** What the router needs to know about the sender (a subset of runtime.MessageSender). */
export interface SenderInfo {
  id?: string;
  url?: string;
}

export interface RouterOptions {
  /** `browser.runtime.id`. */
  extensionId: string;
  /** `browser.runtime.getURL('/')`, e.g. `chrome-extension://<id>/` or `moz-extension://<uuid>/`. */
  extensionOrigin: string;
}

/** Whether a message comes from one of our own pages (not a content script, not another extension). */
export function isOwnPage(sender: SenderInfo, options: RouterOptions): boolean {
  return (
    sender.id === options.extensionId &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(options.extensionOrigin)
  );
}

function errorBody(error: unknown): RuntimeErrorBody {
  const e = error as { code?: unknown; message?: unknown; retryable?: unknown; tls?: unknown };
  return {
    code: isRuntimeErrorCode(e?.code) ? e.code : 'INTERNAL',
    message: typeof e?.message === 'string' ? e.message : String(error),
    retryable: typeof e?.retryable === 'boolean' ? e.retryable : false,
    ...(v.is(TlsFailure, e?.tls) ? { tls: e.tls } : {}),
  };
}

/**
 * A `runtime.onMessage` listener. Returns a promise for our requests (the polyfill sends its
 * value as the response) and `undefined` for anything else, so other listeners may answer.
 */
export function createRuntimeRouter(handlers: RuntimeHandlers, options: RouterOptions) {
  return (message: unknown, sender: SenderInfo): Promise<RuntimeReply> | undefined => {
    const m = message as { mailglance?: unknown; type?: unknown; payload?: unknown } | null;
    if (m?.mailglance !== 1) return undefined;
    if (!isOwnPage(sender, options)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'sender is not an extension page', retryable: false },
      });
    }
    if (!isRuntimeType(m.type)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'UNKNOWN_TYPE', message: `unknown request "${String(m.type)}"`, retryable: false },
      });
    }
    return dispatch(handlers, m.type, m.payload ?? {});
  };
}

async function dispatch<T extends RuntimeType>(
  handlers: RuntimeHandlers,
  type: T,
  payload: unknown,
): Promise<RuntimeReply> {
  const parsed = v.safeParse(RuntimeRequests[type], payload);
  if (!parsed.success) {
    const where = parsed.issues
      .slice(0, 3)
      .map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`)
      .join('; ');
    return { ok: false, error: { code: 'BAD_REQUEST', message: `${type}: ${where}`, retryable: false } };
  }
  try {
    const handler = handlers[type] as (p: typeof parsed.output) => Promise<unknown>;
    return { ok: true, result: (await handler(parsed.output)) as never };
  } catch (error) {
    return { ok: false, error: errorBody(error) };
  }
}
