/**
 * The smallest IMAP client the floors need: one plain socket, tagged commands, untagged lines
 * timestamped as they arrive, and literals (`{n}\r\n` followed by n bytes, RFC 9051 §4.3) read
 * as bytes so a FETCH of a body part does not break the line framing. No parsing beyond that:
 * a floor is what the server and the wire cost, with as little client as possible on top.
 */
import { connect, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';

/** One response line (literals inlined as latin1 text) and when its last byte arrived. */
export interface RawLine {
  at: number;
  text: string;
}

/** A connected client past the server greeting. */
export interface RawImap {
  /** Sends `<tag> <command>` and resolves with every line up to and including the tagged one. */
  command(command: string): Promise<RawLine[]>;
  /** Writes a raw line (for `DONE` after IDLE); no tag, no wait. */
  write(line: string): void;
  /** Resolves with the next line matching `test` (untagged pushes while in IDLE). */
  next(test: RegExp): Promise<RawLine>;
  /** Bytes read from the socket so far. */
  received(): number;
  close(): void;
}

/** IMAP quoted string (RFC 9051 §4.3). */
export const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** Connects to `host:port` over plain TCP and waits for the `* OK` greeting. */
export async function rawImap(host: string, port: number): Promise<RawImap> {
  const socket: Socket = connect({ host, port });
  socket.setNoDelay(true);
  let pending: Buffer = Buffer.alloc(0);
  let line = '';
  let literal = 0;
  let received = 0;
  let tagSeq = 0;
  const waiters: ((l: RawLine) => boolean)[] = [];
  let failure: Error | undefined;
  const deliver = (l: RawLine) => {
    for (let i = 0; i < waiters.length; i++) if (waiters[i](l)) waiters.splice(i--, 1);
  };
  socket.on('data', (chunk: Buffer) => {
    const at = performance.now();
    received += chunk.length;
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (literal > 0) {
        if (pending.length < literal) return;
        line += pending.subarray(0, literal).toString('latin1');
        pending = pending.subarray(literal);
        literal = 0;
      }
      const end = pending.indexOf('\r\n');
      if (end < 0) return;
      line += pending.subarray(0, end).toString('latin1');
      pending = pending.subarray(end + 2);
      const size = /\{(\d+)\+?\}$/.exec(line);
      if (size) {
        literal = Number(size[1]);
        line += '\r\n';
        continue;
      }
      const done = line;
      line = '';
      deliver({ at, text: done });
    }
  });
  const fail = (err: Error) => {
    failure = err;
    deliver({ at: performance.now(), text: `__closed ${err.message}` });
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('connection closed')));
  const next = (test: RegExp) =>
    new Promise<RawLine>((resolve, reject) => {
      if (failure) return reject(failure);
      waiters.push((l) => {
        if (l.text.startsWith('__closed ')) {
          reject(failure ?? new Error(l.text));
          return true;
        }
        if (!test.test(l.text)) return false;
        resolve(l);
        return true;
      });
    });
  await next(/^\* (OK|PREAUTH)/);
  return {
    next,
    write: (text) => socket.write(`${text}\r\n`),
    received: () => received,
    close: () => socket.destroy(),
    command: (command) => {
      const tag = `t${++tagSeq}`;
      const lines: RawLine[] = [];
      const done = new Promise<RawLine[]>((resolve, reject) => {
        if (failure) return reject(failure);
        waiters.push((l) => {
          if (l.text.startsWith('__closed ')) {
            reject(failure ?? new Error(l.text));
            return true;
          }
          lines.push(l);
          if (!l.text.startsWith(`${tag} `)) return false;
          if (/^\S+ OK/.test(l.text)) resolve(lines);
          else reject(new Error(`${command.split(' ')[0]} failed: ${l.text}`));
          return true;
        });
      });
      socket.write(`${tag} ${command}\r\n`);
      return done;
    },
  };
}

/** Connects and LOGINs (plain text: loopback test servers only). */
export async function rawLogin(host: string, port: number, user: string, password: string): Promise<RawImap> {
  const c = await rawImap(host, port);
  await c.command(`LOGIN ${quote(user)} ${quote(password)}`);
  return c;
}

/** Server and account a standalone floor script connects to: `--host --port --user --password`. */
export interface FloorTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** True when `moduleUrl` is the script node was started with (so it runs on its own). */
export function isMain(moduleUrl: string): boolean {
  return !!process.argv[1] && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** `--name value` or `--name=value` from the command line. */
export function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The target from the command line; defaults fit a Dovecot on localhost:143. */
export function targetFromArgs(): FloorTarget {
  return {
    host: argValue('host') ?? '127.0.0.1',
    port: Number(argValue('port') ?? 143),
    user: argValue('user') ?? process.env.USER ?? '',
    password: argValue('password') ?? process.env.IMAP_PASSWORD ?? '',
  };
}
