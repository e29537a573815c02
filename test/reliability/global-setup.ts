/**
 * Gives the reliability files a folder for their tallies and, when all are done, merges them into
 * reliability/results.json (report.ts). With MAILGLANCE_RELIABILITY_PARTS set, the files write to
 * that folder and whoever set it reports: `npm test` runs the suite as two vitest runs, the long
 * faults beside the other tiers and the short ones after them (scripts/test-all.sh).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { report } from './report';

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityParts: string;
  }
}

export default function setup(project: TestProject) {
  const shared = process.env.MAILGLANCE_RELIABILITY_PARTS;
  const started = Date.now();
  const parts = shared || mkdtempSync(join(tmpdir(), 'mg-reliability-'));
  project.provide('reliabilityParts', parts);
  if (shared) return;
  return () => report(parts, started);
}
