/**
 * One native-messaging session: the browser's stdin/stdout. Reads frames, validates each request,
 * runs its handler, and writes the reply; pushes events. stdout carries frames and nothing else.
 */
import type { Readable, Writable } from 'node:stream';
import {
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
import type { Logger } from '../log';
import { encodeFrame, FrameDecoder, FrameTooLargeError, MessageTooLargeError } from './framing';

export interface SessionOptions {
  input: Readable;
  output: Writable;
  log: Logger;
  context: () => HandlerContext;
  onClose: (reason: string) => void;
}

export class NativeSession {
  private readonly decoder = new FrameDecoder();
  private greeted = false;
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
    this.send({ kind: 'event', type, data });
  }

  private onData(chunk: Buffer): void {
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
      void this.handle(frame.value);
    }
  }

  private async handle(raw: unknown): Promise<void> {
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      // parseRequest's message names fields and types, never the values sent (a password).
      this.opts.log.warn('rejected request', { code: parsed.code, message: parsed.message });
      if (parsed.id) this.replyError(parsed.id, parsed.code, parsed.message);
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
    } catch (error) {
      const code = error instanceof BridgeError ? error.code : ErrorCode.Internal;
      if (code === ErrorCode.Internal)
        this.opts.log.error('handler failed', { type: request.type, error: String((error as Error)?.stack ?? error) });
      const tls = error instanceof BridgeError ? error.tls : undefined;
      this.replyError(request.id, code, (error as Error)?.message ?? String(error), tls);
    }
  }

  private reply(id: string, result: unknown): void {
    try {
      this.write(encodeFrame({ kind: 'reply', id, ok: true, result }));
    } catch (error) {
      if (!(error instanceof MessageTooLargeError)) throw error;
      this.opts.log.warn('reply too large', { id, bytes: error.length });
      this.replyError(id, ErrorCode.MessageTooLarge, error.message);
    }
  }

  private replyError(id: string, code: ErrorCode, message: string, tls?: TlsFailure): void {
    const error = { code, message, retryable: isRetryable(code), ...(tls ? { tls } : {}) };
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

  private write(frame: Buffer): void {
    if (this.closed) return;
    this.opts.output.write(frame);
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.opts.log.info('session closed', { reason });
    this.opts.onClose(reason);
  }
}
