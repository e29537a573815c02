/**
 * How UI code reaches the background: `sendToBackground(type, payload)`. Behind it sits a
 * `BackgroundConnector`, replaceable with `setBackgroundConnector(createMockConnector({...}))` in
 * UI tests (after the pattern of Dark Reader's connector).
 */
import { browser } from 'wxt/browser';
import type { StoreName } from '../store/schema';
import type {
  ChangedBroadcast,
  RuntimeEnvelope,
  RuntimeErrorBody,
  RuntimeErrorCode,
  RuntimeParams,
  RuntimeReply,
  RuntimeResult,
  RuntimeResults,
  RuntimeType,
} from './map';

/** A request the background refused or could not serve; `code` is an ErrorCode or a router code. */
export class RuntimeRequestError extends Error {
  readonly code: RuntimeErrorCode;
  readonly retryable: boolean;
  readonly tls: RuntimeErrorBody['tls'];
  constructor(body: RuntimeErrorBody) {
    super(body.message);
    this.name = 'RuntimeRequestError';
    this.code = body.code;
    this.retryable = body.retryable;
    this.tls = body.tls;
  }
}

export interface BackgroundConnector {
  send<T extends RuntimeType>(type: T, payload: RuntimeParams<T>): Promise<RuntimeResult<T>>;
}

/** The real connector over `runtime.sendMessage`. */
export function createConnector(
  sendMessage: (message: RuntimeEnvelope) => Promise<unknown> = (m) => browser.runtime.sendMessage(m),
): BackgroundConnector {
  return {
    async send<T extends RuntimeType>(type: T, payload: RuntimeParams<T>): Promise<RuntimeResult<T>> {
      const reply = (await sendMessage({ mailglance: 1, type, payload } as RuntimeEnvelope)) as
        RuntimeReply<T> | undefined;
      if (!reply || typeof reply !== 'object' || !('ok' in reply)) {
        throw new RuntimeRequestError({
          code: 'NO_BACKGROUND',
          message: 'the background did not answer',
          retryable: true,
        });
      }
      if (!reply.ok) throw new RuntimeRequestError(reply.error);
      return reply.result;
    },
  };
}

/** A connector answering from the given functions; unlisted types reject. For UI tests. */
export function createMockConnector(handlers: {
  [T in RuntimeType]?: (payload: RuntimeParams<T>) => RuntimeResults[T] | Promise<RuntimeResults[T]>;
}): BackgroundConnector {
  return {
    async send<T extends RuntimeType>(type: T, payload: RuntimeParams<T>): Promise<RuntimeResult<T>> {
      const handler = handlers[type] as
        ((p: RuntimeParams<T>) => RuntimeResult<T> | Promise<RuntimeResult<T>>) | undefined;
      if (!handler)
        throw new RuntimeRequestError({ code: 'UNKNOWN_TYPE', message: `no mock for ${type}`, retryable: false });
      return handler(payload);
    },
  };
}

let current: BackgroundConnector | undefined;

/** Replaces the connector (tests); `undefined` restores the real one. */
export function setBackgroundConnector(connector: BackgroundConnector | undefined): void {
  current = connector;
}

/** Sends one typed request to the background and resolves with its typed result. */
export function sendToBackground<T extends RuntimeType>(type: T, payload: RuntimeParams<T>): Promise<RuntimeResult<T>> {
  current ??= createConnector();
  return current.send(type, payload);
}

/** Calls `listener` whenever the background changed the store (re-read IndexedDB then). */
export function onStoreChanged(listener: (stores: StoreName[]) => void): () => void {
  const handler = (message: unknown) => {
    const m = message as Partial<ChangedBroadcast> | null;
    if (m?.mailglanceEvent === 'changed' && Array.isArray(m.stores)) listener(m.stores);
    return undefined; // never answer: this is a broadcast
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
