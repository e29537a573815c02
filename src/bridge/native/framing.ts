/**
 * Native messaging framing: each message is a 4-byte little-endian length followed by that many
 * bytes of UTF-8 JSON (developer.chrome.com/docs/extensions/develop/concepts/native-messaging,
 * developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_messaging).
 */
import { MAX_BROWSER_MESSAGE_BYTES, MAX_HOST_MESSAGE_BYTES } from '../../protocol/version';

export type DecodedFrame = { ok: true; value: unknown } | { ok: false; reason: 'invalid-json'; message: string };

export class FrameTooLargeError extends Error {
  constructor(readonly length: number) {
    super(`frame of ${length} bytes exceeds the ${MAX_BROWSER_MESSAGE_BYTES}-byte limit`);
  }
}

/**
 * Splits a byte stream into frames. Handles partial reads (a frame spread over chunks) and several
 * frames in one chunk. A length above the limit is unrecoverable (the stream cannot be resynced),
 * so `push` throws `FrameTooLargeError` and the caller closes the connection.
 */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxBytes = MAX_BROWSER_MESSAGE_BYTES) {}

  push(chunk: Buffer): DecodedFrame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: DecodedFrame[] = [];
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32LE(0);
      if (length > this.maxBytes) throw new FrameTooLargeError(length);
      if (this.buffer.length < 4 + length) break;
      const body = this.buffer.subarray(4, 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(4 + length);
      try {
        frames.push({ ok: true, value: JSON.parse(body) as unknown });
      } catch (error) {
        frames.push({ ok: false, reason: 'invalid-json', message: (error as Error).message });
      }
    }
    return frames;
  }

  /** Bytes received that do not yet form a whole frame. */
  get pendingBytes(): number {
    return this.buffer.length;
  }
}

export class MessageTooLargeError extends Error {
  constructor(readonly length: number) {
    super(`message of ${length} bytes exceeds the browser's ${MAX_HOST_MESSAGE_BYTES}-byte limit`);
  }
}

/** Encodes one message; throws `MessageTooLargeError` above Chrome's 1 MB host-to-browser cap. */
export function encodeFrame(message: unknown, maxBytes = MAX_HOST_MESSAGE_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > maxBytes) throw new MessageTooLargeError(body.length);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}
