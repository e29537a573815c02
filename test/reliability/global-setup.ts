/**
 * Gives the reliability files a folder for their tallies and, when all are done, merges them into
 * reliability/results.json and prints the table the README quotes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { percentile } from '../../bench/stats';
import { ROOT } from '../support/built';
import type { FaultTally } from './support/results';

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityParts: string;
  }
}

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

export default function setup(project: TestProject) {
  const started = Date.now();
  const parts = mkdtempSync(join(tmpdir(), 'mg-reliability-'));
  project.provide('reliabilityParts', parts);
  return () => {
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
  };
}
