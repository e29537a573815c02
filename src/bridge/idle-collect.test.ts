import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleCollector } from './idle-collect';

const MiB = 1024 * 1024;

describe('idleCollector', () => {
  let heap: number;
  let gc: ReturnType<typeof vi.fn<() => void>>;
  const collected: number[][] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    collected.length = 0;
    heap = 10 * MiB;
    gc = vi.fn<() => void>(() => {
      heap = 11 * MiB; // what survives the collection
    });
  });
  afterEach(() => vi.useRealTimers());

  const collector = () =>
    idleCollector({
      quietMs: 1000,
      growthBytes: 4 * MiB,
      gc,
      heapUsed: () => heap,
      onCollect: (before, after) => collected.push([before / MiB, after / MiB]),
    });

  it('collects once the traffic has been quiet for quietMs, after the heap grew', () => {
    const c = collector();
    c.touch();
    heap = 20 * MiB;
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(900);
      c.touch(); // a frame every 900 ms: never quiet long enough
    }
    expect(gc).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(gc).toHaveBeenCalledTimes(1);
    expect(collected).toEqual([[20, 11]]);
    c.stop();
  });

  it('leaves a heap that did not grow enough alone, and measures growth from the last collection', () => {
    const c = collector();
    heap = 13 * MiB; // +3 MiB
    c.touch();
    vi.advanceTimersByTime(1000);
    expect(gc).not.toHaveBeenCalled();
    heap = 15 * MiB; // +5 MiB since the start
    c.touch();
    vi.advanceTimersByTime(1000);
    expect(gc).toHaveBeenCalledTimes(1);
    heap = 14 * MiB; // +3 MiB since the collection left 11
    c.touch();
    vi.advanceTimersByTime(1000);
    expect(gc).toHaveBeenCalledTimes(1);
    heap = 16 * MiB;
    c.touch();
    vi.advanceTimersByTime(1000);
    expect(gc).toHaveBeenCalledTimes(2);
    c.stop();
  });

  it('does nothing before any traffic, after stop, or without gc', () => {
    const c = collector();
    heap = 50 * MiB;
    vi.advanceTimersByTime(5000);
    expect(gc).not.toHaveBeenCalled();
    c.touch();
    c.stop();
    vi.advanceTimersByTime(5000);
    expect(gc).not.toHaveBeenCalled();

    const heapRead = vi.fn(() => heap);
    const none = idleCollector({ quietMs: 1000, growthBytes: 1, heapUsed: heapRead });
    none.touch();
    vi.advanceTimersByTime(5000);
    expect(heapRead).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
