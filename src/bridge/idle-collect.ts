/**
 * One full garbage collection after each busy spell, once the host has been quiet for a moment.
 *
 * V8 collects when allocation asks for it, not when a process goes idle, and Node tells it
 * nothing about idleness: after 100,000 requests the bridge's RSS stayed wherever the last
 * collection had left it, between about 83 and 110 MiB, for the 15 and 30 s it was sampled after
 * the load (bench/load.ts). What stayed was garbage: the heap snapshots differ by −2 to −3.4
 * bytes per request. A bridge idles far longer than it works, so that garbage is worth one full
 * collection (of a heap of about 12 MB at rest) when the work stops.
 *
 * "Quiet" is no frame to or from the browser for `quietMs`; "busy" is a heap grown by at least
 * `growthBytes` since the last collection (start-up counts: the late libraries leave garbage
 * too). `gc` exists when the launcher runs Node with --expose-gc; without it this does nothing.
 */
import { getHeapStatistics } from 'node:v8';

export interface IdleCollectorOptions {
  quietMs: number;
  growthBytes: number;
  gc?: () => void;
  heapUsed?: () => number;
  /** After each collection, with the heap's size before and after it (bytes). */
  onCollect?: (before: number, after: number) => void;
}

export interface IdleCollector {
  /** Traffic: the quiet period starts again. */
  touch(): void;
  stop(): void;
}

export const IDLE_COLLECT = { quietMs: 1000, growthBytes: 4 * 1024 * 1024 };

export function idleCollector(opts: IdleCollectorOptions): IdleCollector {
  const gc = opts.gc;
  if (!gc) return { touch: () => undefined, stop: () => undefined };
  const heapUsed = opts.heapUsed ?? (() => getHeapStatistics().used_heap_size);
  let baseline = heapUsed();
  const collectIfGrown = () => {
    const before = heapUsed();
    if (before - baseline < opts.growthBytes) return;
    gc();
    baseline = heapUsed();
    opts.onCollect?.(before, baseline);
  };
  // One timer for the host's life: refresh() restarts it, even after it has fired, without a
  // new timer per frame. unref: it is never what keeps the process alive.
  let timer: NodeJS.Timeout | undefined;
  return {
    touch: () => {
      if (timer) timer.refresh();
      else timer = setTimeout(collectIfGrown, opts.quietMs).unref();
    },
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
