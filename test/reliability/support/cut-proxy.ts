/**
 * A loopback TCP proxy that can cut the network: `cut()` drops every open connection at once
 * (both sides, no BYE) and refuses new ones until `restore()`, as a route that went away would.
 * TLS passes through untouched (the bridge still checks the pinned certificate end to end).
 * Modelled on test/integration/imap/tcp-proxy.ts.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export class CutProxy {
  private server?: Server;
  private readonly open = new Set<Socket>();
  private isCut = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  get cutNow(): boolean {
    return this.isCut;
  }

  /** Drops every connection and refuses new ones. */
  cut(): void {
    this.isCut = true;
    for (const s of this.open) s.destroy();
    this.open.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  private accept(client: Socket): void {
    if (this.isCut) {
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const s of [client, upstream]) {
      this.open.add(s);
      s.on('close', () => this.open.delete(s));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    client.pipe(upstream);
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
