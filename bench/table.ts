/** The shape of bench/results.json and its rendering as a markdown table (ready for the README). */
import type { AtRestResult } from './at-rest';
import type { BurstResult } from './burst';
import type { ColdSyncResult } from './cold-sync';
import type { PopupPaintResult } from './popup-paint';
import type { PushLatencyResult } from './push-latency';
import type { ResyncResult } from './resync';
import type { builtSizes } from './sizes';
import { median } from './stats';

/** Everything one `npm run bench` measured. */
export interface Results {
  date: string;
  machine: { os: string; cpus: number; cpuModel: string; node: string };
  totalSeconds?: number;
  notes: string[];
  pushLatency?: PushLatencyResult;
  popupPaint?: PopupPaintResult;
  coldSync?: ColdSyncResult;
  resync?: ResyncResult;
  atRest?: AtRestResult;
  burst?: BurstResult;
  sizes?: ReturnType<typeof builtSizes>;
}

const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
const n = (value: number) => value.toLocaleString('en-US');

/** One row per figure: benchmark, what, value. */
export function formatTable(r: Results): string {
  const rows: [string, string, string][] = [];
  const p = r.pushLatency;
  if (p) {
    rows.push([
      '1 Delivery → badge',
      `Chromium badge p50 / p95 (${p.deliveries} deliveries)`,
      `${p.badgeMs.p50} / ${p.badgeMs.p95} ms`,
    ]);
    rows.push(['', 'raw IDLE client (floor) p50 / p95', `${p.floorMs.p50} / ${p.floorMs.p95} ms`]);
    rows.push(['', 'ratio p50; difference p50 / p95', `${p.ratioP50}×; ${p.diffP50Ms} / ${p.diffP95Ms} ms`]);
    rows.push(['', 'per-delivery badge − floor p50 / p95', `${p.pairedDiffMs.p50} / ${p.pairedDiffMs.p95} ms`]);
  }
  const pp = r.popupPaint;
  if (pp) {
    for (const [size, ms] of Object.entries(pp.firstRowMs)) {
      rows.push([
        '2 Popup first list paint',
        `${n(Number(size))} cached messages (median of ${pp.runsPerSize})`,
        `${ms} ms`,
      ]);
    }
    const ll = pp.longList;
    if (ll) {
      rows.push([
        '2 Popup, longest list',
        `"Show older" to ${n(ll.rows)} rows, 100 per step (median / slowest step)`,
        `${median(ll.stepMs)} / ${Math.max(...ll.stepMs)} ms`,
      ]);
      rows.push([
        '',
        `scrolling all ${n(ll.rows)} rows, ${ll.scroll.frames} frames (p50 / p95 / longest)`,
        `${ll.scroll.p50} / ${ll.scroll.p95} / ${ll.scroll.max} ms`,
      ]);
    }
  }
  const c = r.coldSync;
  if (c) {
    rows.push([
      '3 Cold sync',
      `${n(c.messages)}-message INBOX: bridge hello → snapshot`,
      `${n(c.bridge.ms)} ms, ${kb(c.bridge.bytesReceived)} received`,
    ]);
    rows.push([
      '',
      `naive fetch of all ${n(c.naive.envelopes)} envelopes + flags`,
      `${n(c.naive.ms)} ms, ${kb(c.naive.bytesReceived)} received`,
    ]);
    rows.push(['', 'ratio naive / bridge: bytes; time', `${c.ratio.bytes}×; ${c.ratio.time}×`]);
  }
  const s = r.resync;
  if (s) {
    const kind = [...new Set(s.samples.map((x) => x.event))].join('/');
    rows.push([
      '4 Resync after reconnect',
      `3 changes, ${n(s.mailboxMessages)}-message INBOX (median of ${s.rounds}; ${kind})`,
      `${s.medianMs} ms, ${kb(s.medianBytesReceived)} received`,
    ]);
    rows.push([
      '',
      'resume → first reconnection (bridge backoff, not counted above)',
      `${s.medianReconnectAfterResumeMs} ms`,
    ]);
  }
  const a = r.atRest;
  if (a) {
    rows.push([
      '5 Bridge at rest',
      `${a.accounts} accounts × ${a.foldersPerAccount} folders, ${a.seconds} s: RSS median (max)`,
      `${a.rssMiB.median} MiB (${a.rssMiB.max})`,
    ]);
    rows.push(['', 'CPU', `${a.cpuPercent} %`]);
    rows.push(['', 'IMAP connections per account', `${a.connectionsPerAccount} (${a.connections} in all)`]);
  }
  const b = r.burst;
  if (b) {
    rows.push([
      '6 Burst',
      `${n(b.messages)} deliveries (${b.parallelLda} LDA in parallel, ${n(b.deliverMs)} ms): badge exact after`,
      `${n(b.badgeExactMs)} ms (${n(b.badgeExactAfterLastDeliveryMs)} ms after the last)`,
    ]);
    rows.push(['', 'notifications open at the end', String(b.notificationsShown)]);
    rows.push([
      '',
      'notifications created: single / summary updates',
      `${b.notificationsCreated.messages} / ${b.notificationsCreated.summaryUpdates}`,
    ]);
  }
  const z = r.sizes;
  if (z) {
    rows.push(['7 Built size (gzip)', 'popup', kb(z.popup.gzipBytes)]);
    rows.push(['', 'background', kb(z.background.gzipBytes)]);
    rows.push(['', 'bridge bundle', kb(z.bridge.gzipBytes)]);
  }
  const header = `Measured ${r.date.slice(0, 10)} on ${r.machine.os}, ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}`;
  const table = ['| Benchmark | Figure | Value |', '|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)];
  return [header, '', ...table].join('\n');
}
