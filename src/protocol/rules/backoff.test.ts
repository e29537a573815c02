import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const opts = { baseMs: 1000, maxMs: 60_000 };
  it('doubles per attempt within [step/2, step]', () => {
    expect(backoffDelay(0, { ...opts, random: () => 0 })).toBe(500);
    expect(backoffDelay(0, { ...opts, random: () => 0.999999 })).toBe(1000);
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(4000);
    expect(backoffDelay(3, { ...opts, random: () => 0.5 })).toBe(6000);
  });
  it('is capped at maxMs, even for huge attempt numbers', () => {
    expect(backoffDelay(10, { ...opts, random: () => 0.999999 })).toBe(60_000);
    expect(backoffDelay(10_000, { ...opts, random: () => 0 })).toBe(30_000);
  });
  it('spreads retries of the same attempt (jitter)', () => {
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(4, opts)));
    expect(seen.size).toBeGreaterThan(10);
    for (const d of seen) expect(d).toBeGreaterThanOrEqual(8000);
  });
});
