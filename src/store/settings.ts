/**
 * Global settings: defaults in one place, validated on every load (a bad or missing field falls
 * back to its default instead of breaking the extension), versioned with migrations.
 * Per-account switches (includeInBadge, notify) live on the bridge's AccountView, not here.
 */
import * as v from 'valibot';
import type { MailDb } from './db';
import { SETTINGS_ROW } from './pause';
import { AccountNotify, NO_QUIET_HOURS, QuietHours, SoundName } from './quiet-hours';

export const SETTINGS_VERSION = 1;

const Color = v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i));
const PausedUntil = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

/** Field schemas with their defaults. */
export const SettingsSchema = v.object({
  notifications: v.fallback(v.boolean(), true),
  /** A short chime for new mail: an offscreen document in Chrome, the background page in Firefox (src/background/sound.ts). */
  sound: v.fallback(v.boolean(), false),
  /** Which of the sounds plays (src/background/chime.ts). */
  soundName: v.fallback(SoundName, 'chime'),
  badgeColor: v.fallback(Color, '#1a73e8'),
  markReadOnOpen: v.fallback(v.boolean(), true),
  /** Notifications pause until this time (ms since epoch); 0: not paused. The badge keeps counting. */
  notificationsPausedUntil: v.fallback(PausedUntil, 0),
  /** A daily window without notifications, for every account. */
  quietHours: v.fallback(QuietHours, NO_QUIET_HOURS),
  /** A daily window of one account's own, by account id (on top of the global one). */
  accountQuietHours: v.fallback(v.record(v.string(), QuietHours), {}),
  /** One account's sound and its watched folders that never notify, by account id. */
  accountNotify: v.fallback(v.record(v.string(), AccountNotify), {}),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

/** What the options page may change; each field validated strictly (no silent fallback). */
export const SettingsPatch = v.partial(
  v.object({
    notifications: v.boolean(),
    sound: v.boolean(),
    soundName: SoundName,
    badgeColor: Color,
    markReadOnOpen: v.boolean(),
    notificationsPausedUntil: PausedUntil,
    quietHours: QuietHours,
    accountNotify: v.pipe(
      v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(64)), AccountNotify),
      v.check((r) => Object.keys(r).length <= 100, 'at most 100 accounts'),
    ),
    accountQuietHours: v.pipe(
      v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(64)), QuietHours),
      v.check((r) => Object.keys(r).length <= 100, 'at most 100 accounts'),
    ),
  }),
);
export type SettingsPatch = v.InferOutput<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = v.parse(SettingsSchema, {});

/**
 * Migrations from a stored version to the next; index i migrates version i + 1 to i + 2.
 * pause.ts reads `notificationsPausedUntil` without them: a migration that moves or reshapes
 * that field must change `pausedUntilOf` too.
 */
const MIGRATIONS: ReadonlyArray<(raw: Record<string, unknown>) => Record<string, unknown>> = [];

const KEY = SETTINGS_ROW;

/** Turns whatever is stored into valid settings: migrate, then validate field by field. */
export function normalizeSettings(stored: unknown): Settings {
  const wrapper = (stored ?? {}) as { version?: unknown; values?: unknown };
  let raw = (typeof wrapper.values === 'object' && wrapper.values) || {};
  const from = typeof wrapper.version === 'number' ? wrapper.version : SETTINGS_VERSION;
  for (let ver = from; ver < SETTINGS_VERSION; ver++)
    raw = MIGRATIONS[ver - 1]?.(raw as Record<string, unknown>) ?? raw;
  return v.parse(SettingsSchema, raw);
}

/** The current settings, defaults filled in. */
export async function loadSettings(db: MailDb): Promise<Settings> {
  const row = await db.get('settings', KEY);
  return normalizeSettings(row?.value);
}

/** Validates and saves a change; throws a ValiError on an invalid value. */
export async function saveSettings(db: MailDb, patch: SettingsPatch): Promise<Settings> {
  const checked = v.parse(SettingsPatch, patch);
  const tx = db.transaction('settings', 'readwrite');
  const current = normalizeSettings((await tx.store.get(KEY))?.value);
  const defined = Object.fromEntries(Object.entries(checked).filter(([, value]) => value !== undefined));
  const next: Settings = { ...current, ...defined };
  await tx.store.put({ key: KEY, value: { version: SETTINGS_VERSION, values: next } });
  await tx.done;
  return next;
}
