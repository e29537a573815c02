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

/**
 * A fault that leaves actions queued also waits for their replay: each is its own round trip to
 * the server (checked, applied, confirmed), one after another within an account. The badge is
 * exact once the last is confirmed, so such a fault may take this much longer per queued action.
 */
export const REPLAY_ALLOWANCE_MS_PER_ACTION = 100;

export interface FaultTally {
  fault: string;
  /** The run's bound: RECOVERY_LIMIT_MS, plus the replay allowance where actions wait. */
  limitMs: number;
  runs: number;
  /** Runs whose badge was exact within `limitMs` of the fault's end, with nothing lost. */
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

  /** `queuedActions`: how many actions each run leaves waiting for the fault's end (see above). */
  tally(fault: string, queuedActions = 0): FaultTally {
    const t: FaultTally = {
      fault,
      limitMs: RECOVERY_LIMIT_MS + queuedActions * REPLAY_ALLOWANCE_MS_PER_ACTION,
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
    const okRun = rec.ok && rec.ms <= t.limitMs && lost === 0;
    if (okRun) t.recovered++;
    if (!rec.ok) t.problems.push(`run ${run}: badge not exact after ${Math.round(rec.ms)} ms: ${rec.last}`);
    else if (rec.ms > t.limitMs) {
      t.problems.push(`run ${run}: badge exact only after ${Math.round(rec.ms)} ms (bound ${t.limitMs} ms)`);
    }
    if (lost) t.problems.push(`run ${run}: ${lost} of ${actions} actions not applied`);
    for (const d of notes.details) t.problems.push(`run ${run}: ${d}`);
    if (t.problems.length > before) console.warn(`[${t.fault}] ${t.problems.slice(before).join('\n')}`);
  }

  write(dir: string, name: string): void {
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(this.all, null, 2));
  }
}
