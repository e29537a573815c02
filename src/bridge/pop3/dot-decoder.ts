/**
 * Streaming decoder for POP3 multi-line responses (RFC 1939 §3): lines end in CRLF, the response
 * ends with a line holding a single ".", and a line of content that starts with "." is sent with
 * one extra "." in front ("byte-stuffing") which the reader removes.
 *
 * The decoder works on raw chunks and never needs a whole line in memory, so a server that sends
 * a 10 MB line (or a 200 MB message) costs no more memory than the caller's cap. A bare LF is
 * accepted as a line end too: broken servers exist, and being lenient here loses nothing.
 */

const LF = 0x0a;
const CR = 0x0d;
const DOT = 0x2e;

const enum State {
  LineStart,
  /** Saw "." at the start of a line. */
  Dot,
  /** Saw ".\r" at the start of a line. */
  DotCr,
  InLine,
}

/** Receives decoded content; chunks are views into the socket's buffers (copy to keep them). */
export type ContentSink = (chunk: Buffer) => void;

export class DotDecoder {
  private state = State.LineStart;

  constructor(private readonly sink: ContentSink) {}

  /**
   * Feed the next bytes. Returns the number of bytes consumed up to and including the
   * terminating ".CRLF", or -1 when the terminator has not been seen yet (all bytes consumed).
   */
  push(buf: Buffer): number {
    let i = 0;
    while (i < buf.length) {
      switch (this.state) {
        case State.LineStart:
          if (buf[i] === DOT) {
            this.state = State.Dot;
            i++;
          } else {
            this.state = State.InLine;
          }
          break;
        case State.Dot:
          if (buf[i] === CR) {
            this.state = State.DotCr;
            i++;
          } else if (buf[i] === LF) {
            return i + 1; // ".\n": lenient terminator
          } else {
            // A stuffed line: the leading dot was dropped; the rest is content.
            this.state = State.InLine;
          }
          break;
        case State.DotCr:
          if (buf[i] === LF) return i + 1;
          // ".\r" followed by something else: the dot was stuffing, the CR is content.
          this.sink(Buffer.from([CR]));
          this.state = State.InLine;
          break;
        case State.InLine: {
          const lf = buf.indexOf(LF, i);
          if (lf < 0) {
            this.sink(buf.subarray(i));
            i = buf.length;
          } else {
            this.sink(buf.subarray(i, lf + 1));
            i = lf + 1;
            this.state = State.LineStart;
          }
          break;
        }
      }
    }
    return -1;
  }
}
