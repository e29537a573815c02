/**
 * The floor for a cold sync: a raw IMAP client doing the least that yields what the bridge's
 * first snapshot holds — counts and the newest 50 unread headers with a snippet:
 * LOGIN, STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY HIGHESTMODSEQ), EXAMINE INBOX,
 * UID SEARCH UNSEEN over the newest messages (windows growing ×4 from 200, as the bridge does: a
 * search of the whole 100,000-message INBOX would send 10,000 UIDs, more bytes than the whole
 * sync), one UID FETCH of the newest 50 (UID FLAGS ENVELOPE BODY.PEEK[TEXT]<0.2048>), LOGOUT.
 * One round trip per step, nothing parsed beyond the numbers it needs.
 *
 * On its own: `node --import tsx bench/raw-cold-sync.ts --host H --port P --user U --password W`
 * prints the time and bytes.
 */
import { isMain, rawLogin, targetFromArgs, type FloorTarget } from './raw-imap';
import { round } from './stats';

/** Time from connect to LOGOUT answered, bytes received, and how many headers came back. */
export interface RawColdSync {
  ms: number;
  bytesReceived: number;
  exists: number;
  unseen: number;
  headers: number;
}

const SNAPSHOT_SIZE = 50;

/** One cold sync of INBOX; bytes are counted on the client's own socket. */
export async function rawColdSync(t: FloorTarget): Promise<RawColdSync> {
  const t0 = performance.now();
  const c = await rawLogin(t.host, t.port, t.user, t.password);
  try {
    const status = await c.command('STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY HIGHESTMODSEQ)');
    const unseen = Number(/UNSEEN (\d+)/.exec(status.map((l) => l.text).join('\n'))?.[1] ?? 0);
    const examine = await c.command('EXAMINE INBOX');
    const exists = Number(/^\* (\d+) EXISTS/m.exec(examine.map((l) => l.text).join('\n'))?.[1] ?? 0);
    let uids: number[] = [];
    for (let window = 4 * SNAPSHOT_SIZE; exists > 0; window *= 4) {
      const start = Math.max(1, exists - window + 1);
      const lines = await c.command(`UID SEARCH ${start}:* UNSEEN UNDELETED`);
      const found = lines
        .find((l) => l.text.startsWith('* SEARCH'))
        ?.text.slice(8)
        .trim();
      uids = found ? found.split(/\s+/).map(Number) : [];
      if (uids.length >= SNAPSHOT_SIZE || start === 1) break;
    }
    const newest = uids.sort((a, b) => b - a).slice(0, SNAPSHOT_SIZE);
    let headers = 0;
    if (newest.length) {
      const fetched = await c.command(`UID FETCH ${newest.join(',')} (UID FLAGS ENVELOPE BODY.PEEK[TEXT]<0.2048>)`);
      headers = fetched.filter((l) => /^\* \d+ FETCH/.test(l.text)).length;
    }
    await c.command('LOGOUT');
    return { ms: round(performance.now() - t0), bytesReceived: c.received(), exists, unseen, headers };
  } finally {
    c.close();
  }
}

if (isMain(import.meta.url)) console.log(await rawColdSync(targetFromArgs()));
