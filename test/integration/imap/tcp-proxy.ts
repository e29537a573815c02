/**
 * A loopback TCP proxy in front of the harness Dovecot, so tests can cut one connection of a
 * driver at a chosen moment, answer a command in the server's place, or play a server whose IDLE
 * does not push (plain IMAP only).
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
  /**
   * Play a server whose IDLE (RFC 2177) reports nothing until the client ends it: once the server
   * has answered IDLE with its `+` continuation, everything it sends on that connection is held
   * back and delivered only after the client's DONE. Some real servers behave so for changes made
   * by other sessions.
   */
  holdDuringIdle?: boolean;
}

/** Per-connection state of `holdDuringIdle`. */
class IdleHold {
  /** The client sent IDLE; waiting for the server's continuation. */
  private asked = false;
  /** The continuation went through: hold everything until DONE. */
  private idling = false;
  private held: Buffer[] = [];

  constructor(private readonly client: Socket) {}

  /** Client → server bytes (already forwarded by the caller). */
  fromClient(text: string): void {
    if (/^\S+ IDLE\r\n/m.test(text)) this.asked = true;
    if (/^DONE\r\n/m.test(text) && (this.idling || this.asked)) {
      this.idling = false;
      this.asked = false;
      for (const b of this.held) this.client.write(b);
      this.held = [];
    }
  }

  /** Server → client bytes: forwarded, or held while idling. */
  fromServer(chunk: Buffer): void {
    if (this.idling) return void this.held.push(chunk);
    if (!this.asked) return void this.client.write(chunk);
    // Forward up to and including the continuation line; hold what follows it. (On loopback the
    // short `+ idling` line arrives whole in one chunk.)
    const text = chunk.toString('latin1');
    const match = /(^|\r\n)\+[^\r\n]*\r\n/.exec(text);
    if (!match) return void this.client.write(chunk);
    const end = match.index + match[0].length;
    this.client.write(Buffer.from(text.slice(0, end), 'latin1'));
    this.idling = true;
    this.asked = false;
    const rest = Buffer.from(text.slice(end), 'latin1');
    if (rest.length) this.held.push(rest);
  }
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
    const hold = this.opts.holdDuringIdle ? new IdleHold(client) : undefined;
    if (hold) upstream.on('data', (chunk: Buffer) => hold.fromServer(chunk));
    else upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      const answer = this.opts.intercept?.(chunk.toString('latin1'), conn);
      if (answer !== undefined) client.write(answer);
      else upstream.write(chunk);
      hold?.fromClient(chunk.toString('latin1'));
    });
    this.opts.onConnection?.(conn, this.connections);
  }

  async close(): Promise<void> {
    this.connections.forEach((c) => c.cut());
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
