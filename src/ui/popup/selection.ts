/**
 * Multi-selection of list rows, as pure functions over keys so the rules are tested alone: a
 * plain toggle (checkbox, `x`, Ctrl/⌘-click), a range from the anchor (Shift-click), all listed
 * rows (Ctrl+A), and the selection cut to what is still listed — an action never reaches a
 * message the user no longer sees.
 */
export interface Selection {
  keys: ReadonlySet<string>;
  /** Where the next Shift-click range starts: the last row toggled. */
  anchor?: string;
}

export const EMPTY_SELECTION: Selection = { keys: new Set() };

export function toggle(sel: Selection, key: string): Selection {
  const keys = new Set(sel.keys);
  if (keys.has(key)) keys.delete(key);
  else keys.add(key);
  return { keys, anchor: key };
}

/** Adds every row between the anchor and `key` (inclusive), in list order. */
export function extendTo(sel: Selection, key: string, order: readonly string[]): Selection {
  const from = sel.anchor === undefined ? -1 : order.indexOf(sel.anchor);
  const to = order.indexOf(key);
  if (to < 0) return sel;
  if (from < 0) return toggle(sel, key);
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return { keys: new Set([...sel.keys, ...order.slice(lo, hi + 1)]), anchor: sel.anchor };
}

export function selectAll(order: readonly string[]): Selection {
  return { keys: new Set(order), anchor: order[0] };
}

/** The selected keys that are still listed, in list order. */
export function chosen(sel: Selection, order: readonly string[]): string[] {
  return order.filter((k) => sel.keys.has(k));
}
