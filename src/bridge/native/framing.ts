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
 * Deepest JSON nesting a frame may have. The protocol's deepest message is about six levels;
 * V8's JSON.parse takes time that grows faster than the input on deep nesting (0.9 s for 200,000
 * levels measured here, so a 4 MiB frame of `[` would hold the bridge for minutes).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `body` nests arrays/objects deeper than `max`, scanning bytes outside strings. UTF-8
 * multi-byte sequences never contain ASCII bytes, so a byte scan sees every bracket and quote.
 */
export function nestsDeeperThan(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Splits a byte stream into frames. Handles partial reads (a frame spread over chunks) and several
 * frames in one chunk. A length above the limit is unrecoverable (the stream cannot be resynced),
 * so `push` throws `FrameTooLargeError` and the caller closes the connection.
 *
 * Memory: chunks are kept in a list and joined once, when a whole frame is there (joining on
 * every chunk copied a 4 MiB frame ~64 times); a leftover partial frame is copied out of its chunk
 * so that no small tail pins a large buffer until the next read.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(
    private readonly maxBytes = MAX_BROWSER_MESSAGE_BYTES,
    private readonly maxDepth = MAX_JSON_DEPTH,
  ) {}

  push(chunk: Buffer): DecodedFrame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: DecodedFrame[] = [];
    while (this.buffered >= 4) {
      const length = this.peekLength();
      if (length > this.maxBytes) throw new FrameTooLargeError(length);
      if (this.buffered < 4 + length) break;
      frames.push(this.decode(this.take(4 + length).subarray(4)));
    }
    if (this.chunks.length === 1 && this.chunks[0].length < this.chunks[0].buffer.byteLength / 2) {
      this.chunks[0] = Buffer.from(this.chunks[0]);
    }
    return frames;
  }

  private decode(body: Buffer): DecodedFrame {
    if (nestsDeeperThan(body, this.maxDepth)) {
      return { ok: false, reason: 'invalid-json', message: `nested deeper than ${this.maxDepth} levels` };
    }
    try {
      return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
    } catch (error) {
      return { ok: false, reason: 'invalid-json', message: (error as Error).message };
    }
  }

  /** The little-endian length prefix at the start of the buffered bytes. */
  private peekLength(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readUInt32LE(0);
    return this.take(4, true).readUInt32LE(0);
  }

  /** The first `n` buffered bytes, removed from the buffer unless `peek`. */
  private take(n: number, peek = false): Buffer {
    const first = this.chunks[0];
    if (first.length >= n) {
      if (!peek) {
        if (first.length === n) this.chunks.shift();
        else this.chunks[0] = first.subarray(n);
        this.buffered -= n;
      }
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    let i = 0;
    while (at < n) {
      const c = this.chunks[i];
      const part = Math.min(c.length, n - at);
      c.copy(out, at, 0, part);
      at += part;
      if (peek) i++;
      else if (part === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(part);
    }
    if (!peek) this.buffered -= n;
    return out;
  }

  /** Bytes received that do not yet form a whole frame. */
  get pendingBytes(): number {
    return this.buffered;
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
