/**
 * A loopback TCP proxy that counts the bytes flowing each way, so a benchmark can say how much a
 * sync cost on the wire without trusting the client's own accounting.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface ByteProxy {
  port: number;
  /** Bytes server → client since the last reset. */
  received(): number;
  /** Bytes client → server since the last reset. */
  sent(): number;
  connections(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startByteProxy(targetHost: string, targetPort: number): Promise<ByteProxy> {
  let received = 0;
  let sent = 0;
  let total = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
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
    reset: () => {
      received = 0;
      sent = 0;
      total = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
