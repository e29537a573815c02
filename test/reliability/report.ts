/**
 * Merges the reliability files' tallies into reliability/results.json and prints the table the
 * README quotes. The suite's global setup calls it when a run ends; `npm test` (scripts/test-all.sh)
 * runs the long faults beside the other tiers and the short ones after them, and then calls it
 * once for both: `node --import tsx test/reliability/report.ts <parts folder> <start, epoch ms>`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentile } from '../../bench/stats';
import { ROOT } from '../support/built';
import type { FaultTally } from './support/results';

const s = (ms: number) => (ms / 1000).toFixed(1);

export function table(faults: FaultTally[]): string {
  const rows = faults.map((f) => {
    const p50 = f.recoveryMs.length ? s(percentile(f.recoveryMs, 50)) : '-';
    const p95 = f.recoveryMs.length ? s(percentile(f.recoveryMs, 95)) : '-';
    const max = f.recoveryMs.length ? s(Math.max(...f.recoveryMs)) : '-';
    return [
      `${f.recovered}/${f.runs} ${f.fault} recovered within ${s(f.limitMs)} s`,
      `p50/p95/max ${p50}/${p95}/${max} s`,
      `duplicates ${f.duplicates}`,
      `missed ${f.missed}`,
      `lost ${f.lost}/${f.actions}`,
    ];
  });
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i].length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  |  ')).join('\n');
}

/**
 * Reads every tally in `parts`, removes the folder, and writes the merged results (with the wall
 * time since `started`). Writes nothing when no file left a tally (a run filtered to none).
 */
export function report(parts: string, started: number): void {
  const files = readdirSync(parts)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const faults = files.flatMap((f) => JSON.parse(readFileSync(join(parts, f), 'utf8')) as FaultTally[]);
  rmSync(parts, { recursive: true, force: true });
  if (faults.length === 0) return;
  const cpu = cpus();
  const results = {
    date: new Date(started).toISOString(),
    wallSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cores: cpu.length,
      cpu: cpu[0]?.model ?? 'unknown',
      node: process.version,
      platform: process.platform,
    },
    faults,
  };
  mkdirSync(join(ROOT, 'reliability'), { recursive: true });
  writeFileSync(join(ROOT, 'reliability', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(
    `\nReliability (${results.date}, ${results.wallSeconds} s wall, ${cpu.length} cores)\n${table(faults)}\n`,
  );
  console.log('written: reliability/results.json');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [parts, started] = process.argv.slice(2);
  if (!parts || !Number.isFinite(Number(started))) {
    console.error('usage: node --import tsx test/reliability/report.ts <parts folder> <start, epoch ms>');
    process.exit(2);
  }
  report(parts, Number(started));
}
