/**
 * Benchmark 1: delivery → badge in Chromium, for INBOX (pushed by IDLE) and for a second watched
 * folder (pushed by NOTIFY STATUS), each next to the same delivery seen by a raw client connected
 * at the same time: raw-idle.ts for INBOX, raw-notify.ts for the second folder (the floors).
 * Both clocks start when dovecot-lda is spawned, so LDA's own time is in both figures.
 */
import { buildMessage } from '../test/harness/mail-factory';
import { badgeTitle, sleep, waitForTotal } from './common';
import { PASSWORD, SECOND_FOLDER, USER, type BenchBrowser } from './mail-browser';
import { rawIdle } from './raw-idle';
import { rawNotify } from './raw-notify';
import { median, percentile, round } from './stats';

/** One folder's series: ms from LDA spawn to badge and to the floor client's push. */
export interface PushSeries {
  folder: string;
  floorClient: string;
  deliveries: number;
  badgeMs: { p50: number; p95: number };
  floorMs: { p50: number; p95: number };
  ratioP50: number;
  ratioP95: number;
  diffP50Ms: number;
  diffP95Ms: number;
  /** Per delivery badge − floor (the same push seen by both), p50 / p95. */
  pairedDiffMs: { p50: number; p95: number };
  samples: { badgeMs: number[]; floorMs: number[] };
}

/** Both folders' series. */
export interface PushLatencyResult {
  inbox: PushSeries;
  second: PushSeries;
}

const stats = (v: number[]) => ({ p50: round(median(v)), p95: round(percentile(v, 95)) });

async function series(
  b: BenchBrowser,
  folder: string,
  floorClient: string,
  nextPush: () => Promise<number>,
  deliveries: number,
): Promise<PushSeries> {
  const badge: number[] = [];
  const raw: number[] = [];
  let total = Number(/(\d+) unread/.exec(await badgeTitle(b.context))?.[1] ?? 0);
  for (let i = 0; i < deliveries; i++) {
    const seen = nextPush();
    const t0 = performance.now();
    await b.dovecot.deliver(
      USER,
      buildMessage({ subject: `push ${folder} ${i}` }),
      folder === 'INBOX' ? undefined : folder,
    );
    total++;
    const [badgeAt, rawAt] = await Promise.all([waitForTotal(b.context, total, 15_000), seen]);
    badge.push(badgeAt - t0);
    raw.push(rawAt - t0);
    // Let the IDLE connections settle so one delivery's push does not overlap the next.
    await sleep(300);
  }
  return {
    folder,
    floorClient,
    deliveries,
    badgeMs: stats(badge),
    floorMs: stats(raw),
    ratioP50: round(median(badge) / median(raw), 2),
    ratioP95: round(percentile(badge, 95) / percentile(raw, 95), 2),
    diffP50Ms: round(median(badge) - median(raw)),
    diffP95Ms: round(percentile(badge, 95) - percentile(raw, 95)),
    pairedDiffMs: stats(badge.map((ms, i) => ms - raw[i])),
    samples: { badgeMs: badge.map((ms) => round(ms)), floorMs: raw.map((ms) => round(ms)) },
  };
}

/** `deliveries` one at a time to INBOX, then as many to the second folder. */
export async function pushLatency(b: BenchBrowser, deliveries = 20): Promise<PushLatencyResult> {
  const target = { host: b.dovecot.host, port: b.dovecot.ports.imap, user: USER, password: PASSWORD };
  const idle = await rawIdle(target);
  const notify = await rawNotify(target, SECOND_FOLDER);
  try {
    const inbox = await series(b, 'INBOX', 'raw IDLE', () => idle.nextExists(), deliveries);
    const second = await series(b, SECOND_FOLDER, 'raw NOTIFY', () => notify.nextStatus(), deliveries);
    return { inbox, second };
  } finally {
    idle.close();
    notify.close();
  }
}
