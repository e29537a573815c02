/**
 * The pure rule "state → badge look": text, colour and tooltip for the toolbar button.
 * Priority (first match wins): bridge missing / incompatible, offline or reconnecting (last known
 * count kept, grey), an account whose sign-in failed, a mailbox over 90 % of its quota, normal.
 */
import type { BridgeStatus } from '../messaging/bridge-status';
import { npxBridgeCommand } from '../protocol/release';
import { quotaNearFull } from '../protocol/rules/quota';
import type { BadgeLook } from './toolbar-badge';
import type { UnreadTotals } from '../store/queries';
import { fallbackTranslate, type Translate } from './i18n';

export const BADGE_COLORS = {
  error: '#d93025',
  offline: '#80868b',
  authFailed: '#e37400',
  quota: '#9334e6',
} as const;

export interface BadgeInput {
  bridge: BridgeStatus['state'];
  totals: UnreadTotals;
  /** The user's colour for the normal look (settings.badgeColor). */
  color: string;
}

/** Badge text for a count: empty for 0, `999+` above 999 (the badge fits about four characters). */
export function formatCount(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}

function accountLines(totals: UnreadTotals, t: Translate): string[] {
  return totals.accounts.map((a) => {
    const notes: string[] = [];
    if (a.state === 'authFailed') notes.push(t('badgeNoteAuthFailed', 'sign-in failed'));
    else if (a.state === 'signInRequired') notes.push(t('badgeNoteSignInRequired', 'sign in again'));
    else if (a.state === 'tlsUntrusted') notes.push(t('badgeNoteTlsUntrusted', 'certificate not trusted'));
    else if (a.state === 'reconnecting' || a.state === 'error') notes.push(t('badgeNoteOffline', 'offline'));
    if (a.quotaRatio !== undefined && quotaNearFull(a.quotaRatio)) {
      notes.push(t('badgeNoteQuota', 'mailbox $1% full', [String(Math.round(a.quotaRatio * 100))]));
    }
    if (!a.includeInBadge) notes.push(t('badgeNoteNotCounted', 'not counted'));
    return `${a.label}: ${a.unread}${notes.length ? ` (${notes.join(', ')})` : ''}`;
  });
}

/** The look for a state. `t` translates (English fallback by default). */
export function badgeLook(input: BadgeInput, t: Translate = fallbackTranslate): BadgeLook {
  const { bridge, totals } = input;
  const name = t('extName', 'Mailglance');
  if (bridge === 'missing') {
    return {
      text: '!',
      color: BADGE_COLORS.error,
      title: t('badgeBridgeMissing', 'Mailglance: the bridge is not installed. Run: $1', [npxBridgeCommand('install')]),
    };
  }
  if (bridge === 'incompatible') {
    return {
      text: '!',
      color: BADGE_COLORS.error,
      title: t('badgeBridgeIncompatible', 'Mailglance: update the bridge'),
    };
  }
  const count = formatCount(totals.total);
  const lines = accountLines(totals, t);
  const title = (headline: string) => [headline, ...lines].join('\n');
  const summary = t('badgeUnreadTotal', '$1: $2 unread', [name, String(totals.total)]);

  if (bridge === 'connecting' || bridge === 'reconnecting') {
    return {
      text: count || '…',
      color: BADGE_COLORS.offline,
      title: title(t('badgeBridgeReconnecting', 'Mailglance: connecting to the bridge…')),
    };
  }
  const counted = totals.accounts.filter((a) => a.includeInBadge);
  if (
    totals.accounts.some((a) => a.state === 'authFailed' || a.state === 'signInRequired' || a.state === 'tlsUntrusted')
  ) {
    return {
      text: count || '!',
      color: BADGE_COLORS.authFailed,
      title: title(t('badgeAuthFailed', 'Mailglance: an account cannot sign in')),
    };
  }
  if (counted.length > 0 && counted.every((a) => a.state === 'reconnecting' || a.state === 'error')) {
    return {
      text: count || '…',
      color: BADGE_COLORS.offline,
      title: title(t('badgeServersOffline', 'Mailglance: mail servers unreachable')),
    };
  }
  if (totals.accounts.some((a) => quotaNearFull(a.quotaRatio))) {
    return {
      text: count || '!',
      color: BADGE_COLORS.quota,
      title: title(t('badgeQuota', 'Mailglance: a mailbox is almost full')),
    };
  }
  const partlyOffline = counted.some((a) => a.state === 'reconnecting' || a.state === 'error');
  return { text: count, color: partlyOffline ? BADGE_COLORS.offline : input.color, title: title(summary) };
}
