import { describe, expect, it } from 'vitest';
import { capTexts, cutToJsonBytes } from './body';

const jsonBytes = (s: string | undefined) => Buffer.byteLength(JSON.stringify(s ?? ''));

describe('cutToJsonBytes', () => {
  it('keeps short strings and cuts long ones to the JSON byte budget', () => {
    expect(cutToJsonBytes('short', 100)).toBe('short');
    const s = 'ü"\\\n'.repeat(10_000);
    const cut = cutToJsonBytes(s, 1000);
    expect(jsonBytes(cut)).toBeLessThanOrEqual(1000);
    expect(jsonBytes(cut)).toBeGreaterThan(900);
    expect(s.startsWith(cut)).toBe(true);
  });
  it('returns an empty string when even "" does not fit, instead of looping', () => {
    expect(cutToJsonBytes('abc', 1)).toBe('');
    expect(cutToJsonBytes('abc', 0)).toBe('');
  });
  it('never splits a surrogate pair', () => {
    const cut = cutToJsonBytes('😀'.repeat(1000), 101);
    expect(cut.length % 2).toBe(0);
  });
});

describe('capTexts', () => {
  it('leaves small bodies alone', () => {
    expect(capTexts('t', '<p>h</p>', 1000)).toEqual({ text: 't', html: '<p>h</p>', truncated: false });
  });
  it('cuts text alone to the whole budget (no html)', () => {
    const r = capTexts('x'.repeat(5000), undefined, 1000);
    expect(r.truncated).toBe(true);
    expect(r.html).toBeUndefined();
    expect(jsonBytes(r.text)).toBeLessThanOrEqual(1000);
  });
  it('shares the budget between text and html', () => {
    const r = capTexts('x'.repeat(5000), 'y'.repeat(5000), 3000);
    expect(jsonBytes(r.text) + jsonBytes(r.html)).toBeLessThanOrEqual(3000);
    expect(r.text!.length).toBeGreaterThan(500);
    expect(r.html!.length).toBeGreaterThan(1500);
  });
});
