/**
 * A loopback TCP proxy that counts the bytes flowing each way, so a benchmark can say how much a
 * sync cost on the wire without trusting the client's own accounting.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/** A running proxy and its counters. */
export interface ByteProxy {
  port: number;
  /** Bytes server → client since the last reset. */
  received(): number;
  /** Bytes client → server since the last reset. */
  sent(): number;
  connections(): number;
  /** performance.now() of every connection accepted while not paused, since the last reset. */
  acceptedAt(): number[];
  /**
   * Cut the line: destroy every open connection (both sides) and refuse new ones by closing
   * them on accept, as a dropped network would. The client sees its sockets die and retries.
   */
  pause(): void;
  /** Accept and forward again. */
  resume(): void;
  reset(): void;
  close(): Promise<void>;
}

/** Listens on a free loopback port and forwards every connection to `targetHost:targetPort`. */
export async function startByteProxy(targetHost: string, targetPort: number): Promise<ByteProxy> {
  let received = 0;
  let sent = 0;
  let total = 0;
  let paused = false;
  let accepted: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (paused) {
      client.destroy();
      return;
    }
    accepted.push(performance.now());
    total++;
    const upstream = connect({ host: targetHost, port: targetPort });
    sockets.add(client).add(upstream);
    client.on('data', (d) => (sent += d.length));
    upstream.on('data', (d) => (received += d.length));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    sent: () => sent,
    connections: () => total,
    acceptedAt: () => [...accepted],
    pause: () => {
      paused = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    resume: () => {
      paused = false;
    },
    reset: () => {
      received = 0;
      sent = 0;
      total = 0;
      accepted = [];
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
