/**
 * Small display helpers for the popup and options pages: relative times, byte sizes, senders.
 * Pure functions (the clock is a parameter) so tests do not depend on the wall clock.
 */
import type { Address } from '../protocol/model';
import { t } from './i18n';
import { cleanText } from './reader/safe-text';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// One formatter each, made once: `toLocaleString()` with or without options builds a new
// Intl.DateTimeFormat per call, which cost more than the rest of a row when the list renders
// hundreds of rows (bench/long-list.ts).
let fullFormat: Intl.DateTimeFormat | undefined;
let shortDateFormat: Intl.DateTimeFormat | undefined;

/**
 * A message's date in ms, or undefined when it is unknown: unparsable, or the epoch, which is
 * what the bridge sends for a missing or invalid Date header (src/bridge/imap/headers.ts).
 */
export function mailTime(iso: string): number | undefined {
  const at = Date.parse(iso);
  return Number.isNaN(at) || at <= 0 ? undefined : at;
}

/** The full local date and time of a message, or "unknown date". */
export function fullDate(iso: string): string {
  const at = mailTime(iso);
  fullFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  return at === undefined ? t('unknownDate') : fullFormat.format(at);
}

/** "now", "5 min", "3 h", "yesterday", a short date for anything older, or "unknown date". */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const at = mailTime(iso);
  if (at === undefined) return t('unknownDate');
  const diff = Math.max(0, now - at);
  if (diff < MINUTE) return t('timeNow');
  if (diff < HOUR) return t('timeMinutes', String(Math.floor(diff / MINUTE)));
  if (diff < DAY) return t('timeHours', String(Math.floor(diff / HOUR)));
  if (diff < 2 * DAY) return t('timeYesterday');
  if (diff < 7 * DAY) return t('timeDays', String(Math.floor(diff / DAY)));
  shortDateFormat ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
  return shortDateFormat.format(at);
}

/** A time of day (local, hours and minutes), with the weekday when it is not within a day. */
export function shortTime(ms: number, now: number = Date.now()): string {
  const d = new Date(ms);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return ms - now < DAY ? time : `${d.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
}

/** Bytes as B / KB / MB / GB with one decimal above KB (1024-based, like mail clients show). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/**
 * The display name of the first sender (without bidi controls, see reader/safe-text.ts), else
 * its address, else "(unknown sender)".
 */
export function senderName(from: readonly Address[]): string {
  const first = from[0];
  return cleanText(first?.name ?? '').text || first?.address || t('unknownSender');
}

/** "Name <address>" lists for the reader's header. */
export function formatAddresses(list: readonly Address[]): string {
  return list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}

/** A stable colour per account id (hue from a string hash), so rows and chips match. */
export function accountColour(accountId: string): string {
  let hash = 0;
  for (let i = 0; i < accountId.length; i++) hash = (hash * 31 + accountId.charCodeAt(i)) | 0;
  return `hsl(${Math.abs(hash) % 360} 60% 50%)`;
}
