/**
 * A fake bridge behind a fake native port, for unit tests of the engine: it answers `hello`,
 * records every request, answers others from per-type handlers, pushes events on demand and can
 * drop the port (bridge killed) or refuse connections (bridge away).
 */
import type { EventData, EventType, RequestParams, RequestResult, RequestType } from '../../protocol/messages';
import { PROTOCOL_VERSION } from '../../protocol/version';
import type { ErrorBody } from '../../protocol/envelope';
import type { BridgePort, ConnectBridge } from '../bridge-port';

type Handler<T extends RequestType> = (params: RequestParams<T>) => RequestResult<T> | Promise<RequestResult<T>>;

/** Throw this from a handler to make the fake reply with an error. */
export class FakeReplyError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export class FakeBridge {
  readonly requests: { type: RequestType; params: unknown }[] = [];
  connects = 0;
  /** While false, `connect` yields a port that drops at once (bridge not running). */
  available = true;
  private handlers: { [T in RequestType]?: Handler<T> } = {};
  private port:
    { message?: (m: unknown) => void; disconnect?: (e: string | undefined) => void; open: boolean } | undefined;

  on<T extends RequestType>(type: T, handler: Handler<T>): this {
    (this.handlers as Record<string, unknown>)[type] = handler;
    return this;
  }

  /** Requests of one type, in order. */
  sent<T extends RequestType>(type: T): RequestParams<T>[] {
    return this.requests.filter((r) => r.type === type).map((r) => r.params as RequestParams<T>);
  }

  readonly connect: ConnectBridge = () => {
    this.connects++;
    const state: NonNullable<FakeBridge['port']> = { open: true };
    this.port = state;
    const port: BridgePort = {
      postMessage: (frame) => void this.answer(state, frame as { id: string; type: RequestType; params: unknown }),
      onMessage: (l) => (state.message = l),
      onDisconnect: (l) => (state.disconnect = l),
      disconnect: () => (state.open = false),
    };
    if (!this.available) queueMicrotask(() => this.drop('Native host has exited.'));
    return port;
  };

  /** Pushes an event to the extension. */
  emit<T extends EventType>(type: T, data: EventData<T>): void {
    if (this.port?.open) this.port.message?.({ kind: 'event', type, data });
  }

  /** The bridge process dies: the port disconnects. */
  drop(reason = 'Native host has exited.'): void {
    const port = this.port;
    if (!port?.open) return;
    port.open = false;
    port.disconnect?.(reason);
  }

  private async answer(
    state: NonNullable<FakeBridge['port']>,
    frame: { id: string; type: RequestType; params: unknown },
  ) {
    await Promise.resolve();
    if (!state.open) return;
    this.requests.push({ type: frame.type, params: frame.params });
    const reply = (body: object) => state.open && state.message?.({ kind: 'reply', id: frame.id, ...body });
    if (frame.type === 'hello') {
      reply({
        ok: true,
        result: {
          protocolVersion: PROTOCOL_VERSION,
          bridgeVersion: '0.0.0-test',
          capabilities: ['imap'],
          secretStore: 'file',
        },
      });
      return;
    }
    const handler = this.handlers[frame.type] as ((p: unknown) => unknown) | undefined;
    try {
      const result = handler ? await handler(frame.params) : {};
      if (frame.type === 'accounts.list' && !handler) reply({ ok: true, result: { accounts: [] } });
      else reply({ ok: true, result });
    } catch (error) {
      if (error instanceof FakeReplyError) reply({ ok: false, error: error.body });
      else reply({ ok: false, error: { code: 'INTERNAL', message: String(error), retryable: true } });
    }
  }
}
