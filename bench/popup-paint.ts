/**
 * Benchmark 2: popup time to first list paint with N cached messages. Rows go straight into the
 * extension's IndexedDB (schema of src/store/db.ts, raw API) from an extension page; then
 * popup.html is opened fresh several times and a MutationObserver installed before any page
 * script notes performance.now() (ms since navigation start) when the first `[role=option]`
 * appears. No bridge is installed: the popup reads the cache only, which is the point.
 *
 * The floor: a blank page of the same extension in the same browser (a copy of the built
 * extension with one extra file, bench-blank.html, holding one static `[role=option]` row), timed
 * by the same observer, opened as often and interleaved with the popup opens. Beside it, a page that
 * differs from the blank one only in that one small script of the extension adds its row
 * (bench-script.html): what loading any file costs an extension page before it can show
 * something, which no popup that runs code can go under.
 *
 * The popup paints the rows it showed last time from localStorage before its app runs
 * (src/ui/popup/first-screen.ts), and stores them only once its real list is in: a timed open
 * closes as soon as a row shows, so whether the next one finds rows stored depends on how far
 * the last got. Each sample says whether its first row was such a stored one (`fromStored`);
 * two more series per size take that chance out: `noneStoredMs` (the stored rows removed before
 * each open: a first open) and `storedMs` (each open after one left open until it stored its rows).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_BUILD } from '../test/support/built';
import { extensionUrl, launchChromium } from '../test/support/chromium';
import { fillCache } from '../test/support/popup-cache';
import { CHROMIUM } from '../test/support/require-tool';
import { longList, type LongListResult } from './long-list';
import { median, round } from './stats';

/** Popup timings per cached message count. */
export interface PopupPaintResult {
  runsPerSize: number;
  /** Median ms from navigation start to the first list row, per cached message count. */
  firstRowMs: Record<string, number>;
  samples: Record<string, number[]>;
  /** Median ms from navigation start to the blank page's static row (the floor), every open. */
  blankMs: number;
  blankSamples: number[];
  /** Median ms to the row added by bench-script.html's one script, every open (older files: none). */
  scriptPageMs?: number;
  scriptPageSamples?: number[];
  /** Popup − blank page, per cached message count (medians). */
  diffMs: Record<string, number>;
  /** Per sample of `samples`: whether its first row was painted from the stored first screen. */
  fromStored?: Record<string, boolean[]>;
  /** Median ms to the first row with nothing stored (every open a first open), per size. */
  noneStoredMs?: Record<string, number>;
  noneStoredSamples?: Record<string, number[]>;
  /** Median ms to the first row right after an open that stored its rows, per size. */
  storedMs?: Record<string, number>;
  storedSamples?: Record<string, number[]>;
  /** Per sample of `storedSamples`: whether its first row was painted from the stored screen. */
  storedFromStored?: Record<string, boolean[]>;
  /** The longest list: 1,000 rows shown, scrolled through (with the largest cache). */
  longList?: LongListResult;
}

/** One static row in an otherwise empty page of the extension: what any extension page costs. */
const BLANK_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>blank</title></head>' +
  '<body><div role="option">blank</div></body></html>\n';
/** The blank page, its row added by a script file of the extension instead of written in the page. */
const SCRIPT_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>script</title></head>' +
  '<body><script src="/bench-script.js"></script></body></html>\n';
const SCRIPT =
  "const row = document.createElement('div');\n" +
  "row.setAttribute('role', 'option');\n" +
  "row.textContent = 'script';\n" +
  'document.body.append(row);\n';

declare global {
  interface Window {
    __firstOption?: number;
    __firstFromStored?: boolean;
  }
}

/** Fills the cache for each size in turn and opens the popup `runs` times per size. */
export async function popupPaint(sizes = [100, 1000, 5000], runs = 7): Promise<PopupPaintResult> {
  if (!CHROMIUM) throw new Error('Chromium is missing: apt-get install chromium');
  const profile = mkdtempSync(join(tmpdir(), 'mg-bench-popup-'));
  // The manifest's key keeps the extension id, so the copy is the same extension.
  const extension = join(profile, 'extension');
  cpSync(CHROME_BUILD, extension, { recursive: true });
  writeFileSync(join(extension, 'bench-blank.html'), BLANK_PAGE);
  writeFileSync(join(extension, 'bench-script.html'), SCRIPT_PAGE);
  writeFileSync(join(extension, 'bench-script.js'), SCRIPT);
  const context = await launchChromium(CHROMIUM, join(profile, 'user-data'), extension);
  try {
    // tsx compiles with esbuild's keepNames, which wraps named functions in a `__name` helper
    // that does not exist in the page where Playwright runs them.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await context.addInitScript(() => {
      const observer = new MutationObserver(() => {
        const option = document.querySelector('[role="option"]');
        if (window.__firstOption === undefined && option) {
          window.__firstOption = performance.now();
          window.__firstFromStored = !!option.closest('#first-screen');
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const filler = await context.newPage();
    await filler.goto(extensionUrl('popup.html'));
    await filler.waitForSelector('main');
    // One unmeasured open first: the first popup of a fresh profile pays for compiling its script.
    const warm = await context.newPage();
    await warm.goto(extensionUrl('popup.html'));
    await warm.waitForSelector('main');
    await warm.close();
    const timedOpen = async (path: string) => {
      const page = await context.newPage();
      await page.goto(extensionUrl(path));
      await page.waitForFunction(() => window.__firstOption !== undefined, undefined, { timeout: 15_000 });
      const [ms, fromStored] = await page.evaluate(
        () => [window.__firstOption ?? NaN, !!window.__firstFromStored] as const,
      );
      await page.close();
      return { ms: round(ms), fromStored };
    };
    const firstRow = async (path: string) => (await timedOpen(path)).ms;
    /** An open left until the popup stored its first screen (its real list in, then a moment). */
    const openUntilStored = async () => {
      const page = await context.newPage();
      await page.goto(extensionUrl('popup.html'));
      await page.waitForSelector('#app [role="option"]');
      await page.waitForTimeout(300);
      await page.close();
    };
    const forgetStored = () => filler.evaluate(() => localStorage.removeItem('mailglance.firstScreen'));
    await firstRow('bench-blank.html');
    await firstRow('bench-script.html');
    const samples: Record<string, number[]> = {};
    const fromStored: Record<string, boolean[]> = {};
    const noneStoredSamples: Record<string, number[]> = {};
    const storedSamples: Record<string, number[]> = {};
    const storedFromStored: Record<string, boolean[]> = {};
    const blankSamples: number[] = [];
    const scriptPageSamples: number[] = [];
    for (const size of sizes) {
      await filler.evaluate(fillCache, { count: size, account: 'bench' });
      samples[size] = [];
      fromStored[size] = [];
      for (let i = 0; i < runs; i++) {
        blankSamples.push(await firstRow('bench-blank.html'));
        scriptPageSamples.push(await firstRow('bench-script.html'));
        const open = await timedOpen('popup.html');
        samples[size].push(open.ms);
        fromStored[size].push(open.fromStored);
      }
      noneStoredSamples[size] = [];
      storedSamples[size] = [];
      storedFromStored[size] = [];
      for (let i = 0; i < runs; i++) {
        // The floor is opened beside these series too, so its median spans the same minutes.
        blankSamples.push(await firstRow('bench-blank.html'));
        scriptPageSamples.push(await firstRow('bench-script.html'));
        await forgetStored();
        noneStoredSamples[size].push(await firstRow('popup.html'));
        await openUntilStored();
        const open = await timedOpen('popup.html');
        storedSamples[size].push(open.ms);
        storedFromStored[size].push(open.fromStored);
      }
    }
    const medians = (series: Record<string, number[]>) =>
      Object.fromEntries(Object.entries(series).map(([k, v]) => [k, round(median(v))]));
    const firstRowMs = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, round(median(v))]));
    const blankMs = round(median(blankSamples));
    const diffMs = Object.fromEntries(Object.entries(firstRowMs).map(([k, v]) => [k, round(v - blankMs)]));
    const page = await context.newPage();
    await page.setViewportSize({ width: 420, height: 600 });
    await page.goto(extensionUrl('popup.html'));
    const list = await longList(page);
    await page.close();
    return {
      runsPerSize: runs,
      firstRowMs,
      samples,
      fromStored,
      noneStoredMs: medians(noneStoredSamples),
      noneStoredSamples,
      storedMs: medians(storedSamples),
      storedSamples,
      storedFromStored,
      blankMs,
      blankSamples,
      scriptPageMs: round(median(scriptPageSamples)),
      scriptPageSamples,
      diffMs,
      longList: list,
    };
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}
