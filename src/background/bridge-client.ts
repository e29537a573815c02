/**
 * Talks to the bridge over one native port: handshake, typed requests with ids and timeouts,
 * validated events, and reconnection with backoff when the port drops. Everything that crosses
 * the port is validated with the protocol's valibot schemas.
 */
import {
  ErrorCode,
  frameKind,
  isRetryable,
  parseEvent,
  parseReply,
  parseResult,
  PROTOCOL_VERSION,
  type ErrorBody,
  type ParsedEvent,
  type RequestParams,
  type RequestResult,
  type RequestType,
} from '../protocol';
import type { BridgeStatus } from '../messaging/bridge-status';
import { backoffDelay } from '../protocol/rules/backoff';
import { isHostMissing, type BridgePort, type ConnectBridge } from './bridge-port';

/** A failed request, with the protocol's error code. */
export class BridgeRequestError extends Error {
  readonly code: ErrorBody['code'];
  readonly retryable: boolean;
  /** With TLS_UNTRUSTED: the certificate failure's class (passed on to the options page). */
  readonly tls: ErrorBody['tls'];
  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'BridgeRequestError';
    this.code = body.code;
    this.retryable = body.retryable;
    this.tls = body.tls;
  }
}

export interface BridgeClientOptions {
  connect: ConnectBridge;
  clientVersion: string;
  browserName?: string;
  requestTimeoutMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; type: RequestType; timer: unknown };

export class BridgeClient {
  private port: BridgePort | undefined;
  private pending = new Map<string, Pending>();
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: unknown;
  private stopped = false;
  private _status: BridgeStatus = { state: 'connecting' };
  private statusListeners = new Set<(status: BridgeStatus) => void>();
  private eventListeners = new Set<(event: ParsedEvent) => void>();
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: BridgeClientOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get status(): BridgeStatus {
    return this._status;
  }

  get isConnected(): boolean {
    return this._status.state === 'connected';
  }

  onStatus(listener: (status: BridgeStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onEvent(listener: (event: ParsedEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Opens the port and performs the handshake. Safe to call when already connected. */
  start(): void {
    this.stopped = false;
    if (this.port) return;
    this.clearTimer(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.open();
  }

  /**
   * Tries the port now instead of at the end of the backoff: the setup page calls this while it
   * waits for the user to install the bridge, so the page moves on seconds after the install.
   */
  retryNow(): void {
    this.stopped = false;
    if (this.port) return;
    this.clearTimer(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer(this.reconnectTimer);
    this.port?.disconnect();
    this.dropPort('stopped');
  }

  /** Sends a typed request; resolves with the validated result or rejects with BridgeRequestError. */
  request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<RequestResult<T>> {
    if (!this.port || (this._status.state !== 'connected' && type !== 'hello')) {
      return Promise.reject(
        new BridgeRequestError({ code: ErrorCode.ConnectionFailed, message: 'bridge not connected', retryable: true }),
      );
    }
    const id = String(this.nextId++);
    const port = this.port;
    return new Promise<RequestResult<T>>((resolve, reject) => {
      const timer = this.setTimer(() => {
        this.pending.delete(id);
        reject(new BridgeRequestError({ code: ErrorCode.Timeout, message: `${type} timed out`, retryable: true }));
      }, this.options.requestTimeoutMs ?? 60_000);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, type, timer });
      port.postMessage({ kind: 'request', id, type, params });
    });
  }

  private open(): void {
    // A retry while the host is missing keeps showing "missing": flipping to "connecting" for
    // each attempt would make the badge and popup flicker between "!" and "…".
    if (this._status.state !== 'missing') this.setStatus({ state: 'connecting' });
    let port: BridgePort;
    try {
      port = this.options.connect();
    } catch (error) {
      this.handleDisconnect((error as Error).message);
      return;
    }
    this.port = port;
    port.onMessage((message) => this.handleFrame(message));
    port.onDisconnect((error) => {
      if (this.port === port) this.handleDisconnect(error);
    });
    void this.handshake();
  }

  private async handshake(): Promise<void> {
    try {
      const hello = await this.request('hello', {
        protocolVersion: PROTOCOL_VERSION,
        client: {
          name: 'mailglance-extension',
          version: this.options.clientVersion,
          browser: this.options.browserName,
        },
      });
      if (hello.protocolVersion !== PROTOCOL_VERSION) {
        this.setStatus({
          state: 'incompatible',
          detail: `bridge speaks protocol ${hello.protocolVersion}`,
          bridgeProtocol: hello.protocolVersion,
          bridgeVersion: hello.bridgeVersion,
        });
        return;
      }
      this.attempt = 0;
      this.setStatus({
        state: 'connected',
        bridgeVersion: hello.bridgeVersion,
        protocolVersion: hello.protocolVersion,
        capabilities: hello.capabilities,
        secretStore: hello.secretStore,
      });
    } catch (error) {
      if (error instanceof BridgeRequestError && error.code === ErrorCode.VersionMismatch) {
        this.setStatus({ state: 'incompatible', detail: error.message });
      }
      // Otherwise the disconnect handler takes over.
    }
  }

  private handleFrame(message: unknown): void {
    const kind = frameKind(message);
    if (kind === 'event') {
      const parsed = parseEvent(message);
      if (!parsed.ok) {
        console.warn('mailglance: dropped invalid event from bridge:', parsed.message);
        return;
      }
      for (const listener of this.eventListeners) listener(parsed.value);
      return;
    }
    if (kind !== 'reply') {
      console.warn('mailglance: dropped unexpected frame from bridge');
      return;
    }
    const parsed = parseReply(message);
    if (!parsed.ok) {
      console.warn('mailglance: dropped invalid reply from bridge:', parsed.message);
      return;
    }
    const reply = parsed.value;
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    this.clearTimer(pending.timer);
    if (!reply.ok) {
      pending.reject(new BridgeRequestError(reply.error));
      return;
    }
    const result = parseResult(pending.type, reply.result);
    if (result.ok) pending.resolve(result.value);
    else
      pending.reject(new BridgeRequestError({ code: ErrorCode.BadRequest, message: result.message, retryable: false }));
  }

  private dropPort(reason: string): void {
    this.port = undefined;
    for (const [, pending] of this.pending) {
      this.clearTimer(pending.timer);
      pending.reject(
        new BridgeRequestError({
          code: ErrorCode.ConnectionFailed,
          message: `bridge disconnected: ${reason}`,
          retryable: isRetryable(ErrorCode.ConnectionFailed),
        }),
      );
    }
    this.pending.clear();
  }

  private handleDisconnect(error: string | undefined): void {
    const wasConnected = this._status.state === 'connected';
    this.dropPort(error ?? 'port closed');
    if (this.stopped) return;
    const missing = !wasConnected && isHostMissing(error);
    const delay = backoffDelay(this.attempt++, { baseMs: 500, maxMs: missing ? 60_000 : 30_000 });
    this.setStatus(
      missing ? { state: 'missing', detail: error } : { state: 'reconnecting', detail: error, retryInMs: delay },
    );
    this.reconnectTimer = this.setTimer(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped && !this.port) this.open();
    }, delay);
  }

  private setStatus(status: BridgeStatus): void {
    this._status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
