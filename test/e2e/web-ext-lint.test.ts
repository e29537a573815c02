/** Mozilla's add-on linter on the Firefox build: what an AMO reviewer's tools will say. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREFOX_BUILD, ROOT, requireBuilt } from '../support/built';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

/**
 * Preact's renderer (its dangerouslySetInnerHTML path) and DOMPurify's parser assign innerHTML;
 * the linter flags every such assignment. Nothing else is allowed.
 */
const ACCEPTED_WARNINGS = new Set(['UNSAFE_VAR_ASSIGNMENT']);

describe('web-ext lint', () => {
  it('reports 0 errors and no warnings a reviewer would question', () => {
    requireBuilt(FIREFOX_BUILD);
    let output: string;
    try {
      output = execFileSync(
        resolve(ROOT, 'node_modules/.bin/web-ext'),
        ['lint', '--source-dir', FIREFOX_BUILD, '--output', 'json'],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
    } catch (error) {
      output = (error as { stdout: string }).stdout; // web-ext exits 1 when it found errors
    }
    const report = JSON.parse(output) as { errors: LintMessage[]; warnings: LintMessage[] };
    expect(report.errors).toEqual([]);
    const questionable = report.warnings.filter((w) => !ACCEPTED_WARNINGS.has(w.code));
    expect(questionable).toEqual([]);
  });
});
