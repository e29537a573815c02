/**
 * One native-messaging session: the browser's stdin/stdout. Reads frames, validates each request,
 * runs its handler, and writes the reply; pushes events. stdout carries frames and nothing else.
 */
import type { Readable, Writable } from 'node:stream';
import {
  boundedMessage,
  BridgeError,
  ErrorCode,
  isRetryable,
  parseRequest,
  type EventData,
  type EventType,
  type TlsFailure,
} from '../../protocol';
import type { HandlerContext } from '../handlers/context';
import { handlers } from '../handlers';
import { LogRateLimit, type Logger } from '../log';
import { fitSnapshot } from './event-budget';
import { encodeFrame, FrameDecoder, FrameTooLargeError, MessageTooLargeError } from './framing';

export interface SessionOptions {
  input: Readable;
  output: Writable;
  log: Logger;
  context: () => HandlerContext;
  /**
   * Runs after each `hello` reply is written and before any request queued behind it: starting
   * the accounts loads the IMAP library and opens connections, which the answer need not wait for.
   */
  onGreeted?: () => void;
  /** Every chunk read and frame written: the idle collector's clock (idle-collect.ts). */
  onTraffic?: () => void;
  onClose: (reason: string) => void;
}

export class NativeSession {
  private readonly decoder = new FrameDecoder();
  private greeted = false;
  private beforeHello: Promise<void> = Promise.resolve();
  private readonly rejectedLog = new LogRateLimit();
  private inputPaused = false;
  private closed = false;

  constructor(private readonly opts: SessionOptions) {}

  start(): void {
    this.opts.input.on('data', (chunk: Buffer) => this.onData(chunk));
    this.opts.input.on('end', () => this.close('browser closed the port'));
    this.opts.input.on('error', (error) => this.close(`stdin error: ${error.message}`));
    this.opts.output.on('error', (error) => this.close(`stdout error: ${error.message}`));
  }

  /** Pushes an event to the browser (dropped after close). */
  emit<T extends EventType>(type: T, data: EventData<T>): void {
    if (type === 'protocol.error') {
      const d = data as EventData<'protocol.error'>;
      this.send({ kind: 'event', type, data: { code: d.code, message: boundedMessage(d.message) } });
      return;
    }
    // Every driver's snapshot is cut to the 1 MB message limit rather than dropped (event-budget.ts).
    const out = type === 'mailbox.snapshot' ? fitSnapshot(data as EventData<'mailbox.snapshot'>) : data;
    this.send({ kind: 'event', type, data: out });
  }

  private onData(chunk: Buffer): void {
    this.opts.onTraffic?.();
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      if (error instanceof FrameTooLargeError) {
        // The stream cannot be resynchronised after a bogus length: say why, then close cleanly.
        this.emit('protocol.error', { code: ErrorCode.InvalidFrame, message: error.message });
        this.close(error.message);
        return;
      }
      throw error;
    }
    for (const frame of frames) {
      if (!frame.ok) {
        this.emit('protocol.error', { code: ErrorCode.InvalidFrame, message: `invalid JSON: ${frame.message}` });
        continue;
      }
      this.dispatch(frame.value);
    }
  }

  /**
   * Until `hello` has been answered, requests run one after another in arrival order, so a
   * request pipelined behind `hello` (both in one write) sees the greeting done instead of
   * "send hello first". After it, requests run concurrently.
   */
  private dispatch(raw: unknown): void {
    if (this.greeted) {
      void this.handle(raw);
      return;
    }
    this.beforeHello = this.beforeHello.then(() => this.handle(raw));
  }

  private async handle(raw: unknown): Promise<void> {
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      // parseRequest's message names fields and types, never the values sent (a password).
      // Rate-limited: a peer sending garbage forever must not grow the log by a line a frame.
      if (this.rejectedLog.allow((n) => this.opts.log.warn('rejected requests not logged', { count: n }))) {
        this.opts.log.warn('rejected request', { code: parsed.code, message: parsed.message });
      }
      // parseRequest keeps only an id the reply schema accepts; without one, an event says why.
      if (parsed.id !== undefined) this.replyError(parsed.id, parsed.code, parsed.message);
      else this.emit('protocol.error', { code: parsed.code, message: parsed.message });
      return;
    }
    const request = parsed.value;
    if (!this.greeted && request.type !== 'hello' && request.type !== 'ping') {
      this.replyError(request.id, ErrorCode.BadRequest, 'send hello first');
      return;
    }
    try {
      const handler = handlers[request.type] as (p: unknown, c: HandlerContext) => unknown;
      const result = await handler(request.params, this.opts.context());
      if (request.type === 'hello') this.greeted = true;
      this.reply(request.id, result);
      if (request.type === 'hello') this.opts.onGreeted?.();
    } catch (error) {
      const code = error instanceof BridgeError ? error.code : ErrorCode.Internal;
      if (code === ErrorCode.Internal)
        this.opts.log.error('handler failed', { type: request.type, error: String((error as Error)?.stack ?? error) });
      const tls = error instanceof BridgeError ? error.tls : undefined;
      this.replyError(request.id, code, (error as Error)?.message ?? String(error), tls);
    }
  }

  private reply(id: string, result: unknown): void {
    let frame: Buffer;
    try {
      frame = encodeFrame({ kind: 'reply', id, ok: true, result });
    } catch (error) {
      if (error instanceof MessageTooLargeError) {
        this.opts.log.warn('reply too large', { id, bytes: error.length });
        this.replyError(id, ErrorCode.MessageTooLarge, error.message);
      } else {
        // A result JSON cannot carry (a BigInt, a cycle) is a bug; the request still gets an answer.
        this.opts.log.error('reply not encodable', { id, error: String((error as Error)?.message ?? error) });
        this.replyError(id, ErrorCode.Internal, 'reply could not be encoded');
      }
      return;
    }
    this.write(frame);
  }

  /**
   * Every request gets an answer: the message is cut to MAX_ERROR_MESSAGE characters, so an
   * error reply always fits the 1 MB limit and never echoes unbounded input.
   */
  private replyError(id: string, code: ErrorCode, message: string, tls?: TlsFailure): void {
    const error = { code, message: boundedMessage(message), retryable: isRetryable(code), ...(tls ? { tls } : {}) };
    this.send({ kind: 'reply', id, ok: false, error });
  }

  private send(message: unknown): void {
    try {
      this.write(encodeFrame(message));
    } catch (error) {
      if (!(error instanceof MessageTooLargeError)) throw error;
      this.opts.log.error('dropped an event above the 1 MB limit', { bytes: error.length });
    }
  }

  /**
   * Backpressure: when the browser stops reading, stdout buffers every reply in memory outside
   * the JS heap (RSS grew by ~1 MB per 1,000 unread replies, and stayed). So reading stops while
   * stdout is over its high-water mark and resumes on 'drain': a peer that does not read gets no
   * more requests served, instead of filling the bridge's memory.
   */
  private write(frame: Buffer): void {
    if (this.closed) return;
    this.opts.onTraffic?.();
    if (!this.opts.output.write(frame) && !this.inputPaused) {
      this.inputPaused = true;
      this.opts.input.pause();
      this.opts.output.once('drain', () => {
        this.inputPaused = false;
        if (!this.closed) this.opts.input.resume();
      });
    }
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.opts.log.info('session closed', { reason });
    this.opts.onClose(reason);
  }
}
