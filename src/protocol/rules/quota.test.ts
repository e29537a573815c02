import { describe, expect, it } from 'vitest';
import { quotaNearFull } from './quota';

describe('quotaNearFull', () => {
  it('warns above 90 % of the limit, never without a limit', () => {
    expect(quotaNearFull(91, 100)).toBe(true);
    expect(quotaNearFull(90, 100)).toBe(false);
    expect(quotaNearFull(0.95)).toBe(true);
    expect(quotaNearFull(0.9)).toBe(false);
    expect(quotaNearFull(undefined)).toBe(false);
    expect(quotaNearFull(5, 0)).toBe(false);
  });
});
