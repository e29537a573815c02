/**
 * Per-fault tallies. Each test file fills its own and writes them to the folder the global setup
 * provides; the global teardown merges them into reliability/results.json and prints the table.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotificationCount } from './ledger';
import type { Recovery } from './rig';

/** Badge exact this long after the fault ended, or the run counts as not recovered. */
export const RECOVERY_LIMIT_MS = 5_000;

export interface FaultTally {
  fault: string;
  runs: number;
  /** Runs whose badge was exact within RECOVERY_LIMIT_MS of the fault's end, with nothing lost. */
  recovered: number;
  /** Fault end → badge exact, per run (ms); a run that never got there holds its deadline. */
  recoveryMs: number[];
  /** Fault end → the tooltip shows every account connected again, per run (ms). */
  reconnectMs: number[];
  duplicates: number;
  missed: number;
  summaries: number;
  /** Actions queued during the fault that did not end up applied on the server. */
  lost: number;
  actions: number;
  /** What went wrong, per run (empty when all is well). */
  problems: string[];
}

export class Tallies {
  readonly all: FaultTally[] = [];

  tally(fault: string): FaultTally {
    const t: FaultTally = {
      fault,
      runs: 0,
      recovered: 0,
      recoveryMs: [],
      reconnectMs: [],
      duplicates: 0,
      missed: 0,
      summaries: 0,
      lost: 0,
      actions: 0,
      problems: [],
    };
    this.all.push(t);
    return t;
  }

  /** Adds one run of a fault. */
  static add(t: FaultTally, rec: Recovery, notes: NotificationCount, lost = 0, actions = 0): void {
    const run = t.runs++;
    t.recoveryMs.push(Math.round(rec.ms));
    t.reconnectMs.push(Math.round(rec.connectedMs ?? rec.ms));
    t.duplicates += notes.duplicates;
    t.missed += notes.missed;
    t.summaries += notes.summaries;
    t.lost += lost;
    t.actions += actions;
    const before = t.problems.length;
    const okRun = rec.ok && rec.ms <= RECOVERY_LIMIT_MS && lost === 0;
    if (okRun) t.recovered++;
    if (!rec.ok) t.problems.push(`run ${run}: badge not exact after ${Math.round(rec.ms)} ms: ${rec.last}`);
    else if (rec.ms > RECOVERY_LIMIT_MS) t.problems.push(`run ${run}: badge exact only after ${Math.round(rec.ms)} ms`);
    if (lost) t.problems.push(`run ${run}: ${lost} of ${actions} actions not applied`);
    for (const d of notes.details) t.problems.push(`run ${run}: ${d}`);
    if (t.problems.length > before) console.warn(`[${t.fault}] ${t.problems.slice(before).join('\n')}`);
  }

  write(dir: string, name: string): void {
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(this.all, null, 2));
  }
}
