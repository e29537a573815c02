/**
 * The part of BridgeClient the engine uses, so tests can pass the real client over a fake port
 * or a hand-made fake.
 */
import type { ParsedEvent, RequestParams, RequestResult, RequestType } from '../protocol';
import type { BridgeStatus } from '../messaging/bridge-status';

export interface BridgeApi {
  readonly isConnected: boolean;
  readonly status: BridgeStatus;
  request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<RequestResult<T>>;
  /** Opens the port now if it is closed (skipping the backoff wait); optional for fakes. */
  retryNow?(): void;
}

export interface BridgeEvents {
  onStatus(listener: (status: BridgeStatus) => void): () => void;
  onEvent(listener: (event: ParsedEvent) => void): () => void;
}

/** A monotonic-enough wall clock in ms; injectable for tests. */
export type Clock = () => number;
