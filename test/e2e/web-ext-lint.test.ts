/** Mozilla's add-on linter on the Firefox build: what an AMO reviewer's tools will say. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIREFOX_BUILD, ROOT, requireBuilt } from '../support/built';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/**
 * The linter flags every innerHTML assignment. Two are accepted, and only where the flagged code
 * is the library's own: DOMPurify parsing the mail it is about to sanitize
 * (`documentElement.innerHTML = …` in its `_initDocument`) and Preact applying
 * dangerouslySetInnerHTML (`e.innerHTML = m.__html`, the reader's already-sanitized HTML). A new
 * innerHTML anywhere else, ours or a library's, fails this test.
 */
const ACCEPTED_INNER_HTML = [/documentElement\.innerHTML=\w+\?\w+:\w+/, /\.innerHTML=\w+\.__html/];

/** The minified source the warning points at (a window around its column). */
function flaggedCode(w: LintMessage): string {
  const lines = readFileSync(resolve(FIREFOX_BUILD, w.file ?? ''), 'utf8').split('\n');
  const line = lines[(w.line ?? 1) - 1] ?? '';
  const at = w.column ?? 0;
  return line.slice(Math.max(0, at - 120), at + 120);
}

function isAcceptedLibraryCode(w: LintMessage): boolean {
  return w.code === 'UNSAFE_VAR_ASSIGNMENT' && ACCEPTED_INNER_HTML.some((re) => re.test(flaggedCode(w)));
}

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
    const questionable = report.warnings.filter((w) => !isAcceptedLibraryCode(w));
    expect(questionable).toEqual([]);
    // Exactly the two known sites: a second copy of either library would show up here.
    expect(report.warnings).toHaveLength(2);
  });
});
