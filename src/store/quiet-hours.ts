/**
 * When notifications keep quiet: a pause the user chose ("for 1 hour", "until tomorrow"), and a
 * daily schedule, global and per account. Pure, so the background's notifier and the popup's
 * header apply the same rule. The badge never keeps quiet: it counts on through all of this.
 */
import * as v from 'valibot';

const Time = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/));

/** A daily window in local time; `start` after `end` runs over midnight (22:00–07:00). */
export const QuietHours = v.object({ enabled: v.boolean(), start: Time, end: Time });
export type QuietHours = v.InferOutput<typeof QuietHours>;

export const NO_QUIET_HOURS: QuietHours = { enabled: false, start: '22:00', end: '07:00' };

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Whether `at` (local time) falls inside the window. An empty window (start = end) is never quiet. */
export function inQuietHours(q: QuietHours | undefined, at: Date): boolean {
  if (!q?.enabled) return false;
  const now = at.getHours() * 60 + at.getMinutes();
  const start = minutes(q.start);
  const end = minutes(q.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

export interface QuietSettings {
  notificationsPausedUntil: number;
  quietHours: QuietHours;
  accountQuietHours: Record<string, QuietHours>;
}

/** Whether a new-mail notification for `accountId` keeps quiet at `now` (ms since epoch). */
export function notificationsQuiet(s: QuietSettings, accountId: string, now: number): boolean {
  if (now < s.notificationsPausedUntil) return true;
  const at = new Date(now);
  return inQuietHours(s.quietHours, at) || inQuietHours(s.accountQuietHours[accountId], at);
}

/** "Until tomorrow": 08:00 local time on the next day. */
export function tomorrowMorning(now: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(8, 0, 0, 0);
  return d.getTime();
}
