/**
 * IMAP wire logs for bug reports: every line the bridge and the server exchange, with the
 * credentials taken out. Off by default. `mailglance-bridge account test ID --verbose` turns it on
 * for one test (to stderr); `MAILGLANCE_WIRE_LOG=1` in the environment of the native host turns it
 * on for the bridge's log file (README "Troubleshooting").
 *
 * imapflow already hides values it marks sensitive; this redacts again whatever could carry a
 * secret on its own terms: LOGIN arguments (RFC 9051 §6.2.3), AUTHENTICATE initial responses and
 * continuation lines (§6.2.2, RFC 4959), which carry base64 of user and password or a token.
 */
import type { Logger } from '../log';
import type { WireLogSink } from './connection';

const MAX_LINE = 500;

let processSink: WireLogSink | undefined;

/** Take the secrets out of one logged protocol line (client → server). */
export function redactWire(line: string): string {
  return line
    .replace(/^(\S+\s+LOGIN)\s.*$/i, '$1 (redacted)')
    .replace(/^(\S+\s+AUTHENTICATE\s+\S+)\s.*$/i, '$1 (redacted)')
    .replace(/^(?!\S+\s)[A-Za-z0-9+/=]{8,}$/, '(redacted continuation)');
}

/** One log entry of imapflow as a wire line, or undefined when it is not wire traffic. */
function wireLine(entry: Record<string, unknown>): { dir: string; line: string } | undefined {
  if (entry.src !== 'c' && entry.src !== 's') return undefined;
  const raw = String(entry.msg ?? '');
  const line = entry.src === 'c' ? redactWire(raw) : raw;
  return { dir: entry.src === 'c' ? 'C' : 'S', line: line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line };
}

/** Log every IMAP line of every connection opened from now on to `log`, redacted. */
export function logWireTraffic(log: Logger): void {
  processSink = (_level, entry) => {
    const w = wireLine(entry);
    if (w) log.info(`imap ${String(entry.cid ?? '')} ${w.dir}: ${w.line}`);
  };
}

/** The process-wide wire sink, if wire logging is on. */
export function processWireLog(): WireLogSink | undefined {
  return processSink;
}
