/**
 * Benchmark 2b: the popup with the longest list. With 5,000 cached unread messages, "Show older"
 * is pressed until 1,000 rows are listed (each press adds 100 from the cache), timing each step
 * from the click to the rows being in the page; then the list is scrolled from top to bottom in
 * 100 px steps, one per animation frame, and the frame intervals are recorded. Rows are plain DOM
 * (every row stays in the page for keyboard and screen readers); CSS `content-visibility: auto`
 * lets the browser skip laying out and painting the rows out of view.
 */
import type { Page } from 'playwright-core';
import { median, percentile, round } from './stats';

export interface LongListResult {
  rows: number;
  /** ms from a "Show older" click to its 100 new rows being in the page, per step. */
  stepMs: number[];
  /** Frame intervals while scrolling the whole list, in ms. */
  scroll: { frames: number; p50: number; p95: number; max: number };
}

export async function longList(page: Page, target = 1000): Promise<LongListResult> {
  const rows = () => page.locator('[role="option"]').count();
  // The app's own list, not the stored first screen painted before it (gone once the list is in).
  await page.locator('#app [role="option"]').first().waitFor();
  await page.locator('#first-screen').waitFor({ state: 'detached' });
  const stepMs: number[] = [];
  while ((await rows()) < target) {
    const before = await rows();
    const ms = await page.evaluate(async (n) => {
      const t0 = performance.now();
      document.querySelector<HTMLButtonElement>('.older button')!.click();
      while (document.querySelectorAll('[role="option"]').length <= n) await new Promise((r) => setTimeout(r, 1));
      // Until the frame with the new rows has been produced.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    }, before);
    stepMs.push(round(ms));
  }
  const frames = await page.evaluate(async () => {
    const main = document.querySelector('main')!;
    main.scrollTo(0, 0);
    const intervals: number[] = [];
    let last = await new Promise<number>((r) => requestAnimationFrame(r));
    while (main.scrollTop + main.clientHeight < main.scrollHeight - 1) {
      main.scrollBy(0, 100);
      const now = await new Promise<number>((r) => requestAnimationFrame(r));
      intervals.push(now - last);
      last = now;
    }
    return intervals;
  });
  return {
    rows: await rows(),
    stepMs,
    scroll: {
      frames: frames.length,
      p50: round(median(frames)),
      p95: round(percentile(frames, 95)),
      max: round(Math.max(...frames)),
    },
  };
}
