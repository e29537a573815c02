/**
 * A small POP3 client: RFC 1939 (STAT, LIST, UIDL, TOP, RETR, DELE, RSET, NOOP, QUIT),
 * RFC 2449 (CAPA), RFC 2595 (STLS), RFC 5034 (SASL PLAIN), RFC 1939 APOP.
 *
 * Why not `node-pop3`: version 0.11 has no STLS, no cap on line length or message size (a
 * hostile server could make it buffer without limit), and no per-command timeout. This client
 * is one command at a time over `Pop3Wire`, which bounds memory and time for every reply.
 *
 * Messages are addressed by number here; callers map UIDLs to numbers in the same session,
 * because numbers shift between sessions (RFC 1939 §7 UIDL).
 */
import { BridgeError, ErrorCode } from '../../protocol';
import { authenticate, chooseAuth, type AuthMethod } from './auth';
import { parseStatus, Pop3CommandError, verbOf } from './reply';
import { assertPlainAllowed, type TlsInfo } from './tls-policy';
import { openPlain, openTls, stoppedError } from './transport';
import { Pop3Wire } from './wire';
import type { Socket } from 'node:net';

export interface Pop3ClientOptions {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  user: string;
  password: string;
  /** OAuth access token for SASL XOAUTH2 (then `authMethod` is `xoauth2` and `password` unused). */
  accessToken?: string;
  /** SHA-256 fingerprint of a self-signed certificate the user accepted. */
  pinnedCert?: string;
  /** Force a login method (tests); default: chosen from CAPA, see auth.ts. */
  authMethod?: AuthMethod;
  connectTimeoutMs?: number;
  /** No byte from the server for this long during a command fails it (TIMEOUT). */
  idleTimeoutMs?: number;
  /** One command may take at most this long in total. */
  commandTimeoutMs?: number;
  /** Aborting ends the connect and login at once (the driver was stopped). */
  signal?: AbortSignal;
}

export interface UidlEntry {
  n: number;
  uid: string;
}

/** Content of a TOP or RETR reply, cut at a byte cap. */
export interface Pop3Body {
  data: Buffer;
  truncated: boolean;
}

/** Thrown by a sink to stop reading a RETR that passed its cap. */
class CapReached extends Error {}

/** Caps for multi-line list replies (CAPA, UIDL, LIST): generous, but finite. */
const MAX_LIST_LINE = 1024;
const MAX_LIST_BYTES = 32 * 1024 * 1024;

/** RFC 1939 §7: a unique-id is 1 to 70 characters in 0x21..0x7E. */
const UIDL_LINE = /^(\d+) ([\x21-\x7e]{1,70})$/;

export class Pop3Client {
  /** CAPA lines (RFC 2449 §5), empty when the server has no CAPA. */
  capabilities: string[] = [];
  tls: TlsInfo = { certVerified: false };
  /** How this session logged in (for `account test`). */
  authMethod?: AuthMethod;
  private quitDone = false;
  /** The TCP-level socket, kept for byte counts across an STLS upgrade. */
  private readonly tcp: Socket;

  private constructor(private readonly wire: Pop3Wire) {
    this.tcp = wire.rawSocket;
  }

  /** Connect, upgrade with STLS if asked, log in. Resolves in the TRANSACTION state. */
  static async connect(o: Pop3ClientOptions): Promise<Pop3Client> {
    if (/[\r\n\0]/.test(o.user) || /[\r\n]/.test(o.password)) {
      throw new BridgeError(ErrorCode.AuthFailed, 'user name or password contains a line break');
    }
    const connectMs = o.connectTimeoutMs ?? 15_000;
    const timeouts = { idleMs: o.idleTimeoutMs ?? 30_000, commandMs: o.commandTimeoutMs ?? 120_000 };
    let tls: TlsInfo = { certVerified: false };
    let socket;
    if (o.security === 'tls') {
      const opened = await openTls(o.host, o.port, connectMs, o.pinnedCert, undefined, o.signal);
      socket = opened.socket;
      tls = opened.tls;
    } else {
      if (o.security === 'none') assertPlainAllowed(o.host);
      socket = await openPlain(o.host, o.port, connectMs, o.signal);
    }
    const client = new Pop3Client(new Pop3Wire(socket, timeouts));
    client.tls = tls;
    // Until login is done the caller has no client to destroy: the signal does it.
    const onAbort = () => client.destroy();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (o.signal?.aborted) throw stoppedError();
      const greeting = parseStatus(await client.wire.readLine(), 'greeting');
      let hasCapa = await client.capa();
      if (o.security === 'starttls') {
        await client.stls(o, connectMs);
        // RFC 2595 §4: capabilities learned before TLS must be discarded and asked again.
        hasCapa = await client.capa();
      }
      const method = o.authMethod ?? chooseAuth(client.capabilities, hasCapa, greeting);
      client.authMethod = method;
      await authenticate(client, method, greeting, o.user, method === 'xoauth2' ? (o.accessToken ?? '') : o.password);
      if (o.signal?.aborted) throw stoppedError();
      return client;
    } catch (err) {
      client.destroy();
      throw o.signal?.aborted ? stoppedError() : err;
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Send a command; resolve with the text after +OK. `label` names it in errors (and so in logs
   * and account states): a fixed string, by default the line's verb.
   */
  async command(line: string, label = verbOf(line)): Promise<string> {
    this.wire.write(line);
    return parseStatus(await this.wire.readLine(), label);
  }

  /** Send a line and return the raw reply line (SASL continuations). */
  async exchange(line: string): Promise<string> {
    this.wire.write(line);
    return this.wire.readLine();
  }

  /** RFC 2449 §5. Returns false when the server has no CAPA (an RFC 1939-only server). */
  async capa(): Promise<boolean> {
    try {
      await this.command('CAPA');
    } catch (err) {
      // A -ERR means "no CAPA" (RFC 2449 §5); anything else is a real failure.
      if (err instanceof Pop3CommandError) {
        this.capabilities = [];
        return false;
      }
      throw err;
    }
    this.capabilities = await this.readLines('CAPA');
    return true;
  }

  /** RFC 1939 §5 STAT: message count and total octets. */
  async stat(): Promise<{ count: number; size: number }> {
    const m = /^(\d+) (\d+)/.exec(await this.command('STAT'));
    if (!m) throw new BridgeError(ErrorCode.ServerError, 'malformed POP3 STAT reply');
    return { count: Number(m[1]), size: Number(m[2]) };
  }

  /** RFC 1939 §7 UIDL for every message. */
  async uidl(): Promise<UidlEntry[]> {
    await this.command('UIDL');
    return (await this.readLines('UIDL')).map((line) => {
      const m = UIDL_LINE.exec(line);
      if (!m) throw new BridgeError(ErrorCode.ServerError, `malformed POP3 UIDL line: ${line.slice(0, 80)}`);
      return { n: Number(m[1]), uid: m[2] };
    });
  }

  /** RFC 1939 §5 LIST for every message: number → size in octets. */
  async list(): Promise<Map<number, number>> {
    await this.command('LIST');
    const sizes = new Map<number, number>();
    for (const line of await this.readLines('LIST')) {
      const m = /^(\d+) (\d+)/.exec(line);
      if (!m) throw new BridgeError(ErrorCode.ServerError, `malformed POP3 LIST line: ${line.slice(0, 80)}`);
      sizes.set(Number(m[1]), Number(m[2]));
    }
    return sizes;
  }

  /**
   * RFC 1939 §7 TOP: the header and the first `lines` body lines. Content past `cap` bytes is
   * read and dropped (the session stays usable), and the result is marked truncated.
   */
  async top(n: number, lines: number, cap = 64 * 1024): Promise<Pop3Body> {
    await this.command(`TOP ${n} ${lines}`);
    const parts: Buffer[] = [];
    let size = 0;
    let truncated = false;
    await this.wire.readMultiline((chunk) => {
      if (size >= cap) {
        truncated = true;
        return;
      }
      const keep = chunk.subarray(0, cap - size);
      if (keep.length < chunk.length) truncated = true;
      parts.push(Buffer.from(keep));
      size += keep.length;
    });
    return { data: Buffer.concat(parts), truncated };
  }

  /**
   * RFC 1939 §5 RETR, streamed and cut at `cap` bytes. Past the cap the connection is closed
   * rather than drained: a huge message would otherwise cost its full size in time and bytes.
   * Only use this in a session that has nothing else left to do.
   */
  async retr(n: number, cap = 5 * 1024 * 1024): Promise<Pop3Body> {
    await this.command(`RETR ${n}`);
    const parts: Buffer[] = [];
    let size = 0;
    try {
      await this.wire.readMultiline((chunk) => {
        const keep = chunk.subarray(0, cap - size);
        parts.push(Buffer.from(keep));
        size += keep.length;
        if (keep.length < chunk.length) throw new CapReached();
      });
    } catch (err) {
      if (err instanceof CapReached) return { data: Buffer.concat(parts), truncated: true };
      throw err;
    }
    return { data: Buffer.concat(parts), truncated: false };
  }

  /** RFC 1939 §5 DELE: marks only; the server deletes at a successful QUIT (§6). */
  async dele(n: number): Promise<void> {
    await this.command(`DELE ${n}`);
  }

  /** RFC 1939 §5 RSET: unmark every message marked for deletion. */
  async rset(): Promise<void> {
    await this.command('RSET');
  }

  async noop(): Promise<void> {
    await this.command('NOOP');
  }

  /**
   * RFC 1939 §6 QUIT: enters UPDATE, where the server removes messages marked by DELE. Only a
   * +OK here means those deletions happened; any failure means they did not.
   */
  async quit(): Promise<void> {
    await this.command('QUIT');
    this.quitDone = true;
    this.wire.destroy();
  }

  /** Drop the connection without QUIT: pending DELEs are not applied (RFC 1939 §6). */
  destroy(): void {
    this.wire.destroy();
  }

  get isClosed(): boolean {
    return this.wire.isClosed;
  }

  /** True after the server confirmed QUIT. */
  get quitConfirmed(): boolean {
    return this.quitDone;
  }

  /** Bytes on the wire so far (TLS records included), for the poll's log line. */
  get bytes(): { read: number; written: number } {
    return { read: this.tcp.bytesRead, written: this.tcp.bytesWritten };
  }

  /** Test hook: the socket under the client, to cut it like a failing network would. */
  get socket(): Socket {
    return this.wire.rawSocket;
  }

  /** RFC 2595 §4: STLS, then the TLS handshake on the same socket. */
  private async stls(o: Pop3ClientOptions, connectMs: number): Promise<void> {
    await this.command('STLS');
    const plain = this.wire.detach();
    const { socket, tls } = await openTls(o.host, o.port, connectMs, o.pinnedCert, plain, o.signal);
    this.wire.attach(socket);
    this.tls = tls;
  }

  /** Read a multi-line reply as lines, with per-line and total caps. */
  private async readLines(command: string): Promise<string[]> {
    const parts: Buffer[] = [];
    let total = 0;
    let sinceLf = 0;
    await this.wire.readMultiline((chunk) => {
      total += chunk.length;
      const lf = chunk.lastIndexOf(0x0a);
      sinceLf = lf < 0 ? sinceLf + chunk.length : chunk.length - lf - 1;
      if (sinceLf > MAX_LIST_LINE || total > MAX_LIST_BYTES) {
        throw new BridgeError(
          ErrorCode.ServerError,
          `POP3 ${verbOf(command)} reply has an over-long line or is too large`,
        );
      }
      parts.push(Buffer.from(chunk));
    });
    const lines = Buffer.concat(parts)
      .toString('utf8')
      .split(/\r?\n/)
      .filter((l) => l.length > 0);
    if (lines.some((l) => l.length > MAX_LIST_LINE)) {
      throw new BridgeError(ErrorCode.ServerError, `POP3 ${verbOf(command)} reply has an over-long line`);
    }
    return lines;
  }
}
