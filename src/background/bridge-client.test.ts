import { describe, expect, it } from 'vitest';
import type { BridgeStatus } from '../messaging/bridge-status';
import { BridgeClient, BridgeRequestError } from './bridge-client';
import type { BridgePort } from './bridge-port';

/** A scripted bridge: answers hello (unless told otherwise) and records what it was sent. */
class FakePort implements BridgePort {
  sent: { id: string; type: string; params: unknown }[] = [];
  private messageListener: (m: unknown) => void = () => {};
  private disconnectListener: (e: string | undefined) => void = () => {};
  constructor(private readonly answerHello = true) {}
  postMessage(message: unknown): void {
    const request = message as { id: string; type: string; params: unknown };
    this.sent.push(request);
    if (request.type === 'hello' && this.answerHello) {
      queueMicrotask(() =>
        this.push({
          kind: 'reply',
          id: request.id,
          ok: true,
          result: { protocolVersion: 1, bridgeVersion: '9.9.9', capabilities: ['imap'], secretStore: 'file' },
        }),
      );
    }
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListener = listener;
  }
  onDisconnect(listener: (e: string | undefined) => void): void {
    this.disconnectListener = listener;
  }
  disconnect(): void {}
  push(message: unknown): void {
    this.messageListener(message);
  }
  drop(error?: string): void {
    this.disconnectListener(error);
  }
}

/** Manual timers so backoff can be stepped through without waiting. */
function manualTimers() {
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    timers,
    setTimer: (fn: () => void, ms: number) => {
      timers.set(next, { fn, ms });
      return next++;
    },
    clearTimer: (h: unknown) => void timers.delete(h as number),
    fireAll(filter: (ms: number) => boolean = () => true) {
      for (const [id, t] of [...timers]) {
        if (!filter(t.ms)) continue;
        timers.delete(id);
        t.fn();
      }
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(ports: FakePort[]) {
  const timers = manualTimers();
  const statuses: BridgeStatus['state'][] = [];
  const client = new BridgeClient({
    connect: () => ports.shift()!,
    clientVersion: '1.0.0',
    requestTimeoutMs: 1000,
    ...timers,
  });
  client.onStatus((s) => statuses.push(s.state));
  return { client, timers, statuses };
}

describe('BridgeClient', () => {
  it('connects and handshakes with the protocol version', async () => {
    const port = new FakePort();
    const { client, statuses } = setup([port]);
    client.start();
    await tick();
    expect(port.sent[0]).toMatchObject({ type: 'hello', params: { protocolVersion: 1 } });
    expect(client.status).toMatchObject({ state: 'connected', bridgeVersion: '9.9.9' });
    expect(statuses).toEqual(['connecting', 'connected']);
  });

  it('reports a missing host and keeps retrying with growing delays', async () => {
    const ports = [new FakePort(false), new FakePort(false), new FakePort()];
    const { client, timers, statuses } = setup([...ports]);
    client.start();
    ports[0].drop('Specified native messaging host not found.');
    expect(client.status.state).toBe('missing');
    const first = [...timers.timers.values()].find((t) => t.ms >= 250)!.ms;
    timers.fireAll((ms) => ms === first);
    ports[1].drop('Specified native messaging host not found.');
    const second = Math.max(...[...timers.timers.values()].map((t) => t.ms));
    expect(second).toBeGreaterThanOrEqual(first / 2 + 250); // ceiling doubled (with jitter)
    timers.fireAll((ms) => ms === second);
    await tick();
    expect(client.status.state).toBe('connected');
    // Retries while missing do not flicker through "connecting".
    expect(statuses).toEqual(['connecting', 'missing', 'missing', 'connected']);
  });

  it('shows reconnecting after a crash, fails pending requests as retryable, then reconnects', async () => {
    const ports = [new FakePort(), new FakePort()];
    const { client, timers, statuses } = setup([...ports]);
    client.start();
    await tick();
    const pending = client.request('ping', {});
    ports[0].drop(undefined);
    await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_FAILED', retryable: true });
    expect(client.status.state).toBe('reconnecting');
    timers.fireAll((ms) => ms < 1000);
    await tick();
    expect(client.status.state).toBe('connected');
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting', 'connecting', 'connected']);
  });

  it('validates replies: an error reply rejects with its code, a malformed result is refused', async () => {
    const port = new FakePort();
    const { client } = setup([port]);
    client.start();
    await tick();
    const failing = client.request('account.remove', { accountId: 'x' });
    port.push({
      kind: 'reply',
      id: port.sent.at(-1)!.id,
      ok: false,
      error: { code: 'ACCOUNT_NOT_FOUND', message: 'no', retryable: false },
    });
    await expect(failing).rejects.toBeInstanceOf(BridgeRequestError);
    const malformed = client.request('accounts.list', {});
    port.push({ kind: 'reply', id: port.sent.at(-1)!.id, ok: true, result: { accounts: 'all of them' } });
    await expect(malformed).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('passes valid events on and drops invalid ones', async () => {
    const port = new FakePort();
    const { client } = setup([port]);
    const events: string[] = [];
    client.onEvent((e) => events.push(e.type));
    client.start();
    await tick();
    port.push({ kind: 'event', type: 'account.state', data: { accountId: 'a', state: 'connected' } });
    port.push({ kind: 'event', type: 'account.state', data: { accountId: 'a', state: 'on fire' } });
    port.push({ kind: 'event', type: 'mystery', data: {} });
    port.push('garbage');
    expect(events).toEqual(['account.state']);
  });

  it('times out a request the bridge never answers', async () => {
    const port = new FakePort();
    const { client, timers } = setup([port]);
    client.start();
    await tick();
    const request = client.request('ping', {});
    timers.fireAll((ms) => ms === 1000);
    await expect(request).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('refuses requests while disconnected instead of queueing them silently', async () => {
    const { client } = setup([new FakePort(false)]);
    await expect(client.request('ping', {})).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });
});
