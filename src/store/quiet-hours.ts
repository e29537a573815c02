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

/**
 * One account's own notification choices, on top of the global ones: its sound (the global
 * switch when unset) and watched folders that count on the badge but never notify.
 */
/** The new-mail sounds to choose from (synthesised in src/background/chime.ts). */
export const SOUND_NAMES = ['chime', 'bell', 'drop'] as const;
export const SoundName = v.picklist(SOUND_NAMES);
export type SoundName = v.InferOutput<typeof SoundName>;

export const AccountNotify = v.object({
  sound: v.optional(v.boolean()),
  /** Which sound this account's mail plays; the global choice when unset. */
  soundName: v.optional(SoundName),
  quietFolders: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(1000))), v.maxLength(100))),
});
export type AccountNotify = v.InferOutput<typeof AccountNotify>;

export interface QuietSettings {
  notificationsPausedUntil: number;
  quietHours: QuietHours;
  accountQuietHours: Record<string, QuietHours>;
  accountNotify: Record<string, AccountNotify>;
  sound: boolean;
  soundName: SoundName;
}

/** Whether new mail in `mailbox` of `accountId` may notify at all (folders the user keeps quiet do not). */
export function folderNotifies(s: Pick<QuietSettings, 'accountNotify'>, accountId: string, mailbox: string): boolean {
  return !(s.accountNotify[accountId]?.quietFolders ?? []).includes(mailbox);
}

/** Whether a notification for `accountId` plays the sound: its own choice, else the global switch. */
export function soundFor(s: Pick<QuietSettings, 'accountNotify' | 'sound'>, accountId: string): boolean {
  return s.accountNotify[accountId]?.sound ?? s.sound;
}

/** Which sound `accountId`'s mail plays: its own choice, else the global one. */
export function soundNameFor(s: Pick<QuietSettings, 'accountNotify' | 'soundName'>, accountId: string): SoundName {
  return s.accountNotify[accountId]?.soundName ?? s.soundName;
}

/** Whether a new-mail notification for `accountId` keeps quiet at `now` (ms since epoch). */
export function notificationsQuiet(
  s: Pick<QuietSettings, 'notificationsPausedUntil' | 'quietHours' | 'accountQuietHours'>,
  accountId: string,
  now: number,
): boolean {
  if (now < s.notificationsPausedUntil) return true;
  const at = new Date(now);
  return inQuietHours(s.quietHours, at) || inQuietHours(s.accountQuietHours[accountId], at);
}

export { tomorrowMorning } from './pause';
