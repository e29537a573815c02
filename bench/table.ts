/**
 * The shape of bench/results.json and its rendering as a markdown table (ready for the README):
 * each benchmark's comparison with its floor first, then our figure and the floor's, the target
 * and whether this run met it.
 */
import type { AtRestResult } from './at-rest';
import type { BridgeStartResult } from './bridge-start';
import type { BurstResult } from './burst';
import type { ColdSyncResult } from './cold-sync';
import type { LoadResult } from './load';
import type { PopupPaintResult } from './popup-paint';
import type { PushLatencyResult, PushSeries } from './push-latency';
import type { ResyncResult } from './resync';
import type { builtSizes } from './sizes';
import { median, round } from './stats';

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
  bridgeStart?: BridgeStartResult;
  atRest?: AtRestResult;
  atRest50?: AtRestResult;
  load?: LoadResult;
  burst?: BurstResult;
  sizes?: ReturnType<typeof builtSizes>;
}

const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
const n = (value: number) => value.toLocaleString('en-US');
const signed = (value: number, unit: string) => `${value >= 0 ? '+' : '−'}${n(Math.abs(round(value)))} ${unit}`;
const met = (ok: boolean) => (ok ? 'met' : 'not met');

type Row = [benchmark: string, vsFloor: string, ours: string, floor: string, target: string, verdict: string];

function pushRows(p: PushSeries, name: string): Row[] {
  return [
    [
      `${name}, p50 / p95 (${p.deliveries} deliveries)`,
      `p95 ${signed(p.diffP95Ms, 'ms')} (${p.ratioP95}×); p50 ${signed(p.diffP50Ms, 'ms')} (${p.ratioP50}×)`,
      `${n(p.badgeMs.p50)} / ${n(p.badgeMs.p95)} ms`,
      `${p.floorClient}: ${n(p.floorMs.p50)} / ${n(p.floorMs.p95)} ms`,
      'p95 ≤ floor + 50 ms',
      met(p.diffP95Ms <= 50),
    ],
    [
      '',
      `per delivery, ours − floor: p50 ${signed(p.pairedDiffMs.p50, 'ms')}, p95 ${signed(p.pairedDiffMs.p95, 'ms')}`,
      '',
      '',
      '',
      '',
    ],
  ];
}

function restRows(a: AtRestResult, name: string, target: boolean): Row[] {
  const b = a.bridge;
  const f = a.floor;
  return [
    [
      `${name}: RSS median (max)`,
      `${a.vsFloor.rssRatio}×; ${signed(a.vsFloor.rssDiffMiB, 'MiB')}`,
      `${b.rssMiB.median} MiB (${b.rssMiB.max})`,
      `imapflow holder: ${f.rssMiB.median} MiB (${f.rssMiB.max})`,
      target ? '≤ 1.3× floor and ≤ 80 MiB' : 'linear growth',
      target ? met(a.vsFloor.rssRatio <= 1.3 && b.rssMiB.median <= 80) : '',
    ],
    [
      '',
      '',
      `CPU ${b.cpuPercent} %; ${b.connectionsPerAccount} connections per account`,
      `CPU ${f.cpuPercent} %; ${f.connectionsPerAccount} per account`,
      target ? 'CPU ≤ 0.5 %; ≤ 2 per account' : '',
      target ? met(b.cpuPercent <= 0.5 && b.connectionsPerAccount <= 2) : '',
    ],
  ];
}

/** One row per figure, floors beside figures. */
export function formatTable(r: Results): string {
  const rows: Row[] = [];
  if (r.pushLatency) {
    rows.push(...pushRows(r.pushLatency.inbox, 'Delivery → badge, INBOX'));
    rows.push(...pushRows(r.pushLatency.second, `Delivery → badge, ${r.pushLatency.second.folder} (NOTIFY)`));
  }
  const c = r.coldSync;
  if (c) {
    rows.push([
      // Older results.json files have one bridge run.
      `Cold sync, ${n(c.messages)}-message INBOX (count + newest 50 unread)${c.bridge.samples ? ` (median of ${c.bridge.samples.length})` : ''}`,
      `time ${c.vsFloor.timeRatio}× (${signed(c.vsFloor.diffMs, 'ms')}); bytes ${c.vsFloor.bytesRatio}×`,
      `${n(c.bridge.ms)} ms, ${kb(c.bridge.bytesReceived)}`,
      `raw client: ${n(c.floor.ms)} ms, ${kb(c.floor.bytesReceived)}`,
      '≤ 1.2× time, ≤ 1.5× bytes',
      met(c.vsFloor.timeRatio <= 1.2 && c.vsFloor.bytesRatio <= 1.5),
    ]);
    rows.push([
      '',
      `naive: ${c.ratio.time}× the time, ${c.ratio.bytes}× the bytes of ours`,
      `naive fetch of ${n(c.naive.envelopes)} envelopes: ${n(c.naive.ms)} ms, ${kb(c.naive.bytesReceived)}`,
      '',
      '',
      '',
    ]);
  }
  const s = r.resync;
  if (s) {
    rows.push([
      `Resync after reconnect, 3 changes (median of ${s.rounds})`,
      `${s.vsFloor.timeRatio}×; ${signed(s.vsFloor.diffMs, 'ms')}; bytes ${s.vsFloor.bytesRatio}×`,
      `${n(s.medianMs)} ms, ${kb(s.medianBytesReceived)}`,
      `raw QRESYNC client: ${n(s.floorMedianMs)} ms, ${kb(s.floorMedianBytesReceived)}`,
      '≤ 1.2× and ≤ +100 ms',
      met(s.vsFloor.timeRatio <= 1.2 && s.vsFloor.diffMs <= 100),
    ]);
    rows.push(['', '', `then: reconnect backoff ${n(s.medianReconnectAfterResumeMs)} ms (not counted)`, '', '', '']);
  }
  const st = r.bridgeStart;
  if (st) {
    rows.push([
      `Bridge start, ${st.accounts} accounts: spawn → hello answered (median of ${st.rounds})`,
      signed(st.helloOverNodeMs, 'ms'),
      `${n(st.helloMs)} ms`,
      `node -e spawn → first byte: ${n(st.nodeStartMs)} ms`,
      '≤ floor + 100 ms',
      met(st.helloOverNodeMs <= 100),
    ]);
    rows.push([
      '',
      '',
      `→ first snapshot ${n(st.firstSnapshotMs)} ms; → all ${st.accounts} INBOX snapshots ${n(st.allInboxSnapshotsMs)} ms`,
      '',
      '',
      '',
    ]);
  }
  const pp = r.popupPaint;
  if (pp) {
    // What every open after the first shows first is the screen the open before it stored; the
    // target is on that series. Older results.json files have only the series of plain opens
    // (stored rows or not, as each open before them fell).
    const opens: [string, Record<string, number>, boolean][] = pp.storedMs
      ? [
          ['last screen stored', pp.storedMs, true],
          ['nothing stored (a first open)', pp.noneStoredMs ?? {}, false],
        ]
      : [['', pp.firstRowMs, true]];
    for (const [label, series, targeted] of opens) {
      for (const [size, ms] of Object.entries(series)) {
        const target = targeted && size === '1000';
        rows.push([
          `Popup: navigation → first row, ${n(Number(size))} cached${label && `, ${label}`} (median of ${pp.runsPerSize})`,
          signed(round(ms - pp.blankMs), 'ms'),
          `${ms} ms`,
          `blank extension page: ${pp.blankMs} ms`,
          target ? '≤ floor + 25 ms' : '',
          target ? met(ms - pp.blankMs <= 25) : '',
        ]);
      }
    }
    if (pp.scriptPageMs !== undefined)
      rows.push([
        `Popup's floor with code: the blank page, its row added by one script file (median of ${pp.blankSamples.length})`,
        signed(round(pp.scriptPageMs - pp.blankMs), 'ms'),
        '',
        `blank page: ${pp.blankMs} ms; with one script: ${pp.scriptPageMs} ms`,
        '',
        '',
      ]);
    const ll = pp.longList;
    if (ll) {
      rows.push([
        `Popup, longest list: "Show older" to ${n(ll.rows)} rows, per 100-row step`,
        '',
        `median ${median(ll.stepMs)} ms, slowest ${Math.max(...ll.stepMs)} ms`,
        '',
        '',
        '',
      ]);
      rows.push([
        `Popup, longest list: scrolling all ${n(ll.rows)} rows (${ll.scroll.frames} frames)`,
        '',
        `frame p50 ${ll.scroll.p50} / p95 ${ll.scroll.p95} / longest ${ll.scroll.max} ms`,
        '',
        '',
        '',
      ]);
    }
  }
  if (r.atRest)
    rows.push(
      ...restRows(r.atRest, `Bridge at rest, ${r.atRest.accounts} accounts × 3 folders, ${r.atRest.seconds} s`, true),
    );
  const a50 = r.atRest50;
  if (a50) {
    rows.push(...restRows(a50, `Bridge at rest, ${a50.accounts} accounts × 3 folders, ${a50.seconds} s`, false));
    const a10 = r.atRest;
    if (a10) {
      const per = (x: number, y: number) => round((y - x) / (a50.accounts - a10.accounts), 2);
      rows.push([
        '',
        '',
        `${per(a10.bridge.rssMiB.median, a50.bridge.rssMiB.median)} MiB per account (${a10.accounts} → ${a50.accounts})`,
        `${per(a10.floor.rssMiB.median, a50.floor.rssMiB.median)} MiB per account`,
        'report MiB per account',
        '',
      ]);
    }
  }
  const l = r.load;
  if (l) {
    rows.push([
      `Memory under load: ${n(l.requests)} requests, one lifetime (${n(l.requestsPerSecond)}/s)`,
      `RSS ${signed(l.rssGrowthPercent, '%')} after the load`,
      `RSS ${l.rssMiB.start} → peak ${l.rssMiB.peak} → ${l.rssMiB.end} MiB; heap ${signed(l.heapBytesPerRequest, 'B')} per request over ${n(l.heapRequests)}`,
      '—',
      'RSS back within 10 %; no growth per request',
      met(l.rssGrowthPercent <= 10 && l.heapBytesPerRequest < 100),
    ]);
  }
  const b = r.burst;
  if (b) {
    rows.push([
      `Burst: ${n(b.messages)} deliveries (${b.parallelLda} LDA in parallel)`,
      `badge exact ${n(b.badgeExactAfterLastDeliveryMs)} ms after the last delivery`,
      `badge exact ${n(b.badgeExactMs)} ms after the first`,
      `LDA delivery time: ${n(b.deliverMs)} ms`,
      '≤ 1 s after the last',
      met(b.badgeExactAfterLastDeliveryMs <= 1000),
    ]);
    rows.push([
      '',
      `${b.notificationsShown} notification(s) open at the end`,
      `created: ${b.notificationsCreated.messages} single, ${b.notificationsCreated.summaryUpdates} summary updates`,
      '',
      '1 summary notification',
      met(b.notificationsShown === 1 && b.notificationsCreated.messages === 0),
    ]);
  }
  const z = r.sizes;
  if (z) {
    rows.push([
      'Size, gzip: popup first-paint code',
      '',
      kb(z.popup.gzipBytes),
      '—',
      '≤ 25 KB',
      met(z.popup.gzipBytes <= 25 * 1024),
    ]);
    rows.push([
      'Size, gzip: background',
      '',
      kb(z.background.gzipBytes),
      '—',
      '≤ 60 KB',
      met(z.background.gzipBytes <= 60 * 1024),
    ]);
    rows.push(['Size, gzip: bridge bundle', '', kb(z.bridge.gzipBytes), '—', 'reported', '']);
  }
  const header = `Measured ${r.date.slice(0, 10)} on ${r.machine.os}, ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}`;
  const table = [
    '| Benchmark | vs floor | Mailglance | Floor (same run) | Target | This run |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  return [header, '', ...table].join('\n');
}
