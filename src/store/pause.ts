/**
 * The one setting the popup's first paint needs, "notifications paused until", read without the
 * settings schema: the popup should not load and run a validation library (and the schema of
 * every other setting) before it can show its first row. The stored value still crosses a check
 * before it is used: the same rule as `PausedUntil` in settings.ts (a safe integer ≥ 0), with the
 * same fallback (0, not paused). pause.test.ts holds both to the same answers.
 */
import type { MailDb } from './db';

/** The key of the one settings row (settings.ts writes it). */
export const SETTINGS_ROW = 'global';

/** `notificationsPausedUntil` of the stored settings row's value, or 0 when missing or invalid. */
export function pausedUntilOf(stored: unknown): number {
  const values = (stored as { values?: unknown } | null | undefined)?.values;
  const until =
    typeof values === 'object' && values
      ? (values as { notificationsPausedUntil?: unknown }).notificationsPausedUntil
      : 0;
  return Number.isSafeInteger(until) && (until as number) >= 0 ? (until as number) : 0;
}

/** When the user's notification pause ends (ms since epoch); 0: not paused. */
export async function loadPausedUntil(db: MailDb): Promise<number> {
  return pausedUntilOf((await db.get('settings', SETTINGS_ROW))?.value);
}

/** "Until tomorrow": 08:00 local time on the next day. */
export function tomorrowMorning(now: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(8, 0, 0, 0);
  return d.getTime();
}
