import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { freshDbName } from '../protocol/testing/fixtures';
import { openMailDb } from './db';
import { loadPausedUntil, pausedUntilOf } from './pause';
import { normalizeSettings, saveSettings } from './settings';

describe('pausedUntilOf', () => {
  it('gives the same answer as the settings schema for any stored value', () => {
    const value = fc.oneof(
      fc.integer({ min: -10, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, -0),
      fc.anything(),
    );
    const stored = fc.oneof(
      value.map((v) => ({ version: 1, values: { notificationsPausedUntil: v } })),
      fc.anything(),
    );
    fc.assert(
      fc.property(stored, (s) => {
        expect(pausedUntilOf(s)).toBe(normalizeSettings(s).notificationsPausedUntil);
      }),
    );
  });

  it('reads what the settings saved', async () => {
    const db = await openMailDb(freshDbName());
    expect(await loadPausedUntil(db)).toBe(0);
    await saveSettings(db, { notificationsPausedUntil: 1_700_000_000_000 });
    expect(await loadPausedUntil(db)).toBe(1_700_000_000_000);
  });
});
