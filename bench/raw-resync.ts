/**
 * The floor for a resync after reconnect: a raw client that knows the mailbox's UIDVALIDITY,
 * HIGHESTMODSEQ and UIDNEXT from before the cut, and reads only what changed since
 * (RFC 7162 §3.2.5): LOGIN, ENABLE QRESYNC, SELECT INBOX (QRESYNC (uidvalidity modseq)) — the
 * server answers with the flag changes and VANISHED (EARLIER) — then one UID FETCH of the new
 * messages' headers and snippet (UID FLAGS ENVELOPE BODY.PEEK[TEXT]<0.2048>).
 *
 * On its own: `node --import tsx bench/raw-resync.ts --port P --user U --password W` takes a sync
 * point, waits for Enter while you change the mailbox, then resyncs and prints time and bytes.
 */
import { createInterface } from 'node:readline/promises';
import { isMain, rawLogin, targetFromArgs, type FloorTarget } from './raw-imap';
import { round } from './stats';

/** What a client remembers of INBOX from its last sync. */
export interface SyncPoint {
  uidValidity: string;
  highestModseq: string;
  uidNext: number;
}

/** Time from connect to the new headers read, bytes received, and the changes seen. */
export interface RawResync {
  ms: number;
  bytesReceived: number;
  changedFetches: number;
  vanished: boolean;
  newHeaders: number;
}

/** The sync point of INBOX right now (STATUS, no SELECT). */
export async function syncPoint(t: FloorTarget): Promise<SyncPoint> {
  const c = await rawLogin(t.host, t.port, t.user, t.password);
  try {
    const text = (await c.command('STATUS INBOX (UIDVALIDITY HIGHESTMODSEQ UIDNEXT)')).map((l) => l.text).join('\n');
    const field = (name: string) => /\d+/.exec(new RegExp(`${name} (\\d+)`).exec(text)?.[0] ?? '')?.[0] ?? '0';
    await c.command('LOGOUT').catch(() => []);
    return {
      uidValidity: field('UIDVALIDITY'),
      highestModseq: field('HIGHESTMODSEQ'),
      uidNext: Number(field('UIDNEXT')),
    };
  } finally {
    c.close();
  }
}

/** One QRESYNC resync of INBOX from `point`. */
export async function rawResync(t: FloorTarget, point: SyncPoint): Promise<RawResync> {
  const t0 = performance.now();
  const c = await rawLogin(t.host, t.port, t.user, t.password);
  try {
    await c.command('ENABLE QRESYNC');
    const select = await c.command(`SELECT INBOX (QRESYNC (${point.uidValidity} ${point.highestModseq}))`);
    const fetches = select.filter((l) => /^\* \d+ FETCH/.test(l.text));
    const added = fetches.map((l) => Number(/UID (\d+)/.exec(l.text)?.[1] ?? 0)).filter((uid) => uid >= point.uidNext);
    let newHeaders = 0;
    if (added.length) {
      const lines = await c.command(`UID FETCH ${added.join(',')} (UID FLAGS ENVELOPE BODY.PEEK[TEXT]<0.2048>)`);
      newHeaders = lines.filter((l) => /^\* \d+ FETCH/.test(l.text)).length;
    }
    const ms = performance.now() - t0;
    return {
      ms: round(ms),
      bytesReceived: c.received(),
      changedFetches: fetches.length,
      vanished: select.some((l) => l.text.startsWith('* VANISHED')),
      newHeaders,
    };
  } finally {
    c.close();
  }
}

if (isMain(import.meta.url)) {
  const t = targetFromArgs();
  const point = await syncPoint(t);
  console.log('sync point', point);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  await rl.question('change the mailbox, then press Enter… ');
  rl.close();
  console.log(await rawResync(t, point));
}
