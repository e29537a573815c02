/**
 * Shows the bridge's own state on the toolbar button. Unread counts (the engine's badge) replace
 * the text once the bridge is connected; this module only covers the states without mail data.
 */
import { browser } from 'wxt/browser';
import type { BridgeStatus } from './bridge-client';

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

/** Badge text, colour and tooltip for a bridge state; `undefined` when the mail badge should show. */
export function bridgeBadgeLook(status: BridgeStatus): BadgeLook | undefined {
  const t = (key: Parameters<typeof browser.i18n.getMessage>[0], fallback: string) =>
    browser.i18n.getMessage(key) || fallback;
  switch (status.state) {
    case 'missing':
      return {
        text: '!',
        color: '#d93025',
        title: t('badgeBridgeMissing', 'Mailglance: the bridge is not installed. Run: npx mailglance-bridge install'),
      };
    case 'incompatible':
      return { text: '!', color: '#d93025', title: t('badgeBridgeIncompatible', 'Mailglance: update the bridge') };
    case 'connecting':
    case 'reconnecting':
      return {
        text: '…',
        color: '#80868b',
        title: t('badgeBridgeReconnecting', 'Mailglance: connecting to the bridge…'),
      };
    case 'connected':
      return undefined;
  }
}

export async function applyBadgeLook(look: BadgeLook): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  await Promise.all([
    action.setBadgeText({ text: look.text }),
    action.setBadgeBackgroundColor({ color: look.color }),
    action.setTitle({ title: look.title }),
  ]);
}
