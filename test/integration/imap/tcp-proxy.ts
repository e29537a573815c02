/**
 * A loopback TCP proxy in front of the harness Dovecot, so tests can cut one connection of a
 * driver at a chosen moment or answer a command in the server's place (plain IMAP only).
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface ProxiedConnection {
  /** 0 for the first connection the proxy accepted, then 1, 2, ... */
  index: number;
  client: Socket;
  upstream: Socket;
  /** Close both sides at once, without a BYE (a dropped connection). */
  cut(): void;
}

export interface ProxyOptions {
  /** Called for every accepted connection, after its upstream socket was opened. */
  onConnection?(conn: ProxiedConnection, all: ProxiedConnection[]): void;
  /**
   * Sees each client → server chunk; return a string to answer the client with it instead of
   * forwarding the chunk, or undefined to forward it.
   */
  intercept?(chunk: string, conn: ProxiedConnection): string | undefined;
}

export class TcpProxy {
  readonly connections: ProxiedConnection[] = [];
  private server?: Server;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly opts: ProxyOptions = {},
  ) {}

  /** Listen on a free loopback port; resolves with it. */
  async listen(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  private accept(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    const conn: ProxiedConnection = {
      index: this.connections.length,
      client,
      upstream,
      cut: () => {
        client.destroy();
        upstream.destroy();
      },
    };
    this.connections.push(conn);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      const answer = this.opts.intercept?.(chunk.toString('latin1'), conn);
      if (answer !== undefined) client.write(answer);
      else upstream.write(chunk);
    });
    this.opts.onConnection?.(conn, this.connections);
  }

  async close(): Promise<void> {
    this.connections.forEach((c) => c.cut());
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
