/**
 * The floor for push latency on INBOX: a raw-socket client that LOGINs, SELECTs INBOX and sits in
 * IDLE (RFC 2177), timestamping each untagged EXISTS. Whatever Mailglance adds on top of this is
 * ours; this number itself is the server's (Dovecot may wait ~500 ms before pushing).
 *
 * On its own: `node --import tsx bench/raw-idle.ts --host H --port P --user U --password W`
 * prints the time of every EXISTS until interrupted.
 */
import { isMain, rawLogin, targetFromArgs, type FloorTarget } from './raw-imap';

/** A connected raw client sitting in IDLE. */
export interface RawIdle {
  /** Resolves with the time (performance.now()) of the next `* n EXISTS`. */
  nextExists(): Promise<number>;
  close(): void;
}

/** LOGIN, SELECT `mailbox` and IDLE over plain IMAP (loopback only). */
export async function rawIdle(t: FloorTarget, mailbox = 'INBOX'): Promise<RawIdle> {
  const c = await rawLogin(t.host, t.port, t.user, t.password);
  await c.command(`SELECT ${mailbox}`);
  const idle = c.command('IDLE').catch(() => []);
  await c.next(/^\+ /);
  return {
    nextExists: async () => (await c.next(/^\* \d+ EXISTS/)).at,
    close: () => {
      c.write('DONE');
      void idle.then(() => c.close());
      setTimeout(() => c.close(), 1000).unref();
    },
  };
}

if (isMain(import.meta.url)) {
  const idle = await rawIdle(targetFromArgs());
  console.log('in IDLE on INBOX; deliver mail to see each EXISTS');
  for (;;) console.log(`EXISTS at ${(await idle.nextExists()).toFixed(1)} ms`);
}
