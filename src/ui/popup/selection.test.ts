import { describe, expect, it } from 'vitest';
import { chosen, EMPTY_SELECTION, extendTo, selectAll, toggle } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];

describe('row selection', () => {
  it('toggles one row and remembers it as the anchor', () => {
    const one = toggle(EMPTY_SELECTION, 'b');
    expect([...one.keys]).toEqual(['b']);
    expect(one.anchor).toBe('b');
    expect([...toggle(one, 'b').keys]).toEqual([]);
  });

  it('Shift extends from the anchor in either direction, keeping what was chosen', () => {
    const down = extendTo(toggle(EMPTY_SELECTION, 'b'), 'd', order);
    expect(chosen(down, order)).toEqual(['b', 'c', 'd']);
    const up = extendTo(toggle(toggle(EMPTY_SELECTION, 'e'), 'd'), 'a', order);
    expect(chosen(up, order)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Without an anchor a Shift-click selects just that row.
    expect(chosen(extendTo(EMPTY_SELECTION, 'c', order), order)).toEqual(['c']);
  });

  it('never names a row that is no longer listed', () => {
    const all = selectAll(order);
    expect(chosen(all, ['a', 'c', 'z'])).toEqual(['a', 'c']);
    expect(chosen(all, [])).toEqual([]);
  });
});
