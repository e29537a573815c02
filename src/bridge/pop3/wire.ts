/**
 * The byte level of a POP3 connection: one socket, one read operation at a time, bounded
 * buffers and timeouts. Commands are strictly request/response here (no PIPELINING, RFC 2449
 * §6.6), so a single pending reader is enough.
 *
 * Memory is bounded everywhere: a status line longer than its cap fails at once, unsolicited
 * bytes beyond a small limit close the connection, and multi-line content is streamed to a sink
 * that applies its own cap.
 */
import type { Socket } from 'node:net';
import { BridgeError, ErrorCode } from '../../protocol';
import { DotDecoder, type ContentSink } from './dot-decoder';

/** RFC 2449 §4: a response line is at most 512 octets; leave room for chatty servers. */
export const MAX_STATUS_LINE = 4096;
/** Bytes the server may send while nobody reads before we call it misbehaving. */
const MAX_UNSOLICITED = 64 * 1024;

export interface WireTimeouts {
  /** Fail when the server sends nothing for this long during one command. */
  idleMs: number;
  /** Fail when one command takes longer than this in total, even if bytes trickle in. */
  commandMs: number;
}

interface ReadOp {
  /** Consume from the buffer; returns true when the operation finished (resolved or rejected). */
  step(): boolean;
  reject(err: Error): void;
}

const EMPTY = Buffer.alloc(0);

export class Pop3Wire {
  private buf: Buffer = EMPTY;
  private op: ReadOp | null = null;
  private closed: BridgeError | null = null;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onClose = () => this.fail(new BridgeError(ErrorCode.ConnectionFailed, 'POP3 connection closed'));
  private readonly onError = (err: Error) =>
    this.fail(new BridgeError(ErrorCode.ConnectionFailed, `POP3 connection error: ${err.message}`));

  constructor(
    private socket: Socket,
    private readonly timeouts: WireTimeouts,
  ) {
    this.attach(socket);
  }

  get isClosed(): boolean {
    return this.closed !== null;
  }

  /** The socket currently in use (a TLSSocket after STLS). */
  get rawSocket(): Socket {
    return this.socket;
  }

  /**
   * Hand the socket over (for the STLS upgrade, RFC 2595 §4). Fails if the server already sent
   * bytes after its +OK: those would be plaintext injected before the handshake.
   */
  detach(): Socket {
    if (this.buf.length > 0) {
      throw new BridgeError(ErrorCode.TlsUntrusted, 'server sent data before the TLS handshake');
    }
    this.socket.off('data', this.onData).off('close', this.onClose).off('error', this.onError);
    return this.socket;
  }

  /** Continue on a new (upgraded) socket. */
  attach(socket: Socket): void {
    this.socket = socket;
    socket.on('data', this.onData).on('close', this.onClose).on('error', this.onError);
  }

  write(line: string): void {
    if (this.closed) throw this.closed;
    this.socket.write(line + '\r\n');
  }

  /** Read one CRLF-terminated line (without the CRLF); fails past `maxLen` bytes. */
  readLine(maxLen = MAX_STATUS_LINE): Promise<string> {
    return this.run<string>((resolve, reject) => {
      const lf = this.buf.indexOf(0x0a);
      if (lf < 0 ? this.buf.length > maxLen : lf > maxLen) {
        reject(new BridgeError(ErrorCode.ServerError, `POP3 response line longer than ${maxLen} bytes`));
        this.destroy();
        return true;
      }
      if (lf < 0) return false;
      const end = lf > 0 && this.buf[lf - 1] === 0x0d ? lf - 1 : lf;
      const line = this.buf.subarray(0, end).toString('utf8');
      this.buf = this.buf.subarray(lf + 1);
      resolve(line);
      return true;
    });
  }

  /**
   * Stream a multi-line body (after its +OK line) into `sink`, dot-unstuffed. If the sink
   * throws (a cap was hit), the read fails and the connection is closed, since the rest of
   * the response would otherwise be read as replies to later commands.
   */
  readMultiline(sink: ContentSink): Promise<void> {
    const decoder = new DotDecoder(sink);
    return this.run<void>((resolve, reject) => {
      if (this.buf.length === 0) return false;
      let used: number;
      try {
        used = decoder.push(this.buf);
      } catch (err) {
        this.buf = EMPTY;
        reject(err instanceof Error ? err : new Error(String(err)));
        this.destroy();
        return true;
      }
      if (used < 0) {
        this.buf = EMPTY;
        return false;
      }
      this.buf = this.buf.subarray(used);
      resolve();
      return true;
    });
  }

  destroy(): void {
    this.socket.destroy();
    this.fail(new BridgeError(ErrorCode.ConnectionFailed, 'POP3 connection closed by the client'));
  }

  private run<T>(step: (resolve: (value: T) => void, reject: (err: Error) => void) => boolean): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    if (this.op) return Promise.reject(new BridgeError(ErrorCode.Internal, 'POP3 read already in progress'));
    return new Promise<T>((resolve, reject) => {
      let idle: NodeJS.Timeout | undefined;
      const finish = () => {
        clearTimeout(idle);
        clearTimeout(deadline);
        this.op = null;
      };
      const timeout = (what: string) => {
        op.reject(new BridgeError(ErrorCode.Timeout, `POP3 server ${what}`));
        this.destroy();
      };
      const armIdle = () => {
        clearTimeout(idle);
        idle = setTimeout(() => timeout(`sent nothing for ${this.timeouts.idleMs} ms`), this.timeouts.idleMs);
      };
      const deadline = setTimeout(
        () => timeout(`did not finish a command within ${this.timeouts.commandMs} ms`),
        this.timeouts.commandMs,
      );
      const op: ReadOp = {
        step: () => {
          armIdle();
          return step(
            (v) => {
              finish();
              resolve(v);
            },
            (e) => {
              finish();
              reject(e);
            },
          );
        },
        reject: (e) => {
          finish();
          reject(e);
        },
      };
      this.op = op;
      op.step();
    });
  }

  private receive(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    if (this.op) {
      this.op.step();
    } else if (this.buf.length > MAX_UNSOLICITED) {
      this.socket.destroy();
      this.fail(new BridgeError(ErrorCode.ServerError, 'POP3 server sent unsolicited data'));
    }
  }

  private fail(err: BridgeError): void {
    if (!this.closed) this.closed = err;
    const op = this.op;
    if (op) op.reject(err);
  }
}
