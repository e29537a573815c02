/**
 * The floor for push latency: a minimal IMAP client on a raw socket that LOGINs, SELECTs INBOX and
 * sits in IDLE (RFC 2177), timestamping each untagged EXISTS. Whatever Mailglance adds on top of
 * this is ours; this number itself is the server's (Dovecot waits ~500 ms before pushing).
 */
import { connect, type Socket } from 'node:net';

/** A connected raw client sitting in IDLE on INBOX. */
export interface RawIdle {
  /** Resolves with the time (performance.now()) of the next `* n EXISTS` above `count`. */
  nextExists(): Promise<number>;
  close(): void;
}

/** LOGIN, SELECT INBOX and IDLE over plain IMAP (loopback only). */
export async function rawIdle(host: string, port: number, user: string, password: string): Promise<RawIdle> {
  const socket: Socket = connect({ host, port });
  socket.setNoDelay(true);
  let buffer = '';
  const lineWaiters: ((line: string) => boolean)[] = [];
  socket.on('data', (chunk) => {
    const now = performance.now();
    buffer += chunk.toString('latin1');
    let index: number;
    while ((index = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      for (let i = 0; i < lineWaiters.length; i++) {
        if (lineWaiters[i](`${now} ${line}`)) lineWaiters.splice(i--, 1);
      }
    }
  });
  const waitLine = (test: RegExp) =>
    new Promise<{ at: number; line: string }>((resolve) =>
      lineWaiters.push((stamped) => {
        const [at, ...rest] = stamped.split(' ');
        const line = rest.join(' ');
        if (!test.test(line)) return false;
        resolve({ at: Number(at), line });
        return true;
      }),
    );
  await waitLine(/^\* OK/);
  const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  socket.write(`a LOGIN ${quote(user)} ${quote(password)}\r\n`);
  await waitLine(/^a OK/);
  socket.write('b SELECT INBOX\r\n');
  await waitLine(/^b OK/);
  socket.write('c IDLE\r\n');
  await waitLine(/^\+ /);
  return {
    nextExists: async () => (await waitLine(/^\* \d+ EXISTS/)).at,
    close: () => {
      socket.write('DONE\r\nd LOGOUT\r\n');
      socket.end();
    },
  };
}
