/**
 * Benchmark 1: delivery → badge in Chromium, next to the same delivery seen by a raw-socket IDLE
 * client connected at the same time (the floor: Dovecot's own ~500 ms push delay, docs/architecture.md).
 * Both clocks start when dovecot-lda is spawned, so LDA's own time is in both figures.
 */
import { buildMessage } from '../test/harness/mail-factory';
import { waitForTotal } from './common';
import { PASSWORD, USER, type BenchBrowser } from './mail-browser';
import { rawIdle } from './raw-idle';
import { median, percentile, round } from './stats';

/** ms from LDA spawn to badge and to the raw client's EXISTS; ratio and differences badge − floor. */
export interface PushLatencyResult {
  deliveries: number;
  badgeMs: { p50: number; p95: number };
  floorMs: { p50: number; p95: number };
  ratioP50: number;
  diffP50Ms: number;
  diffP95Ms: number;
  /** Per delivery badge − floor (the same push seen by both), p50 / p95. */
  pairedDiffMs: { p50: number; p95: number };
  samples: { badgeMs: number[]; floorMs: number[] };
}

/** One delivery at a time, `deliveries` times, each seen by both clients. */
export async function pushLatency(b: BenchBrowser, deliveries = 20): Promise<PushLatencyResult> {
  const floor = await rawIdle(b.dovecot.host, b.dovecot.ports.imap, USER, PASSWORD);
  const badge: number[] = [];
  const raw: number[] = [];
  try {
    for (let i = 0; i < deliveries; i++) {
      const seen = floor.nextExists();
      const t0 = performance.now();
      await b.dovecot.deliver(USER, buildMessage({ subject: `push ${i}` }));
      const [badgeAt, rawAt] = await Promise.all([waitForTotal(b.context, i + 1, 15_000), seen]);
      badge.push(badgeAt - t0);
      raw.push(rawAt - t0);
      // Let the IDLE connections settle so one delivery's push does not overlap the next.
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    floor.close();
  }
  const stats = (v: number[]) => ({ p50: round(median(v)), p95: round(percentile(v, 95)) });
  return {
    deliveries,
    badgeMs: stats(badge),
    floorMs: stats(raw),
    ratioP50: round(median(badge) / median(raw), 2),
    diffP50Ms: round(median(badge) - median(raw)),
    diffP95Ms: round(percentile(badge, 95) - percentile(raw, 95)),
    pairedDiffMs: stats(badge.map((ms, i) => ms - raw[i])),
    samples: { badgeMs: badge.map((ms) => round(ms)), floorMs: raw.map((ms) => round(ms)) },
  };
}
