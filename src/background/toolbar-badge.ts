/**
 * The toolbar badge writer: puts a badge look on the toolbar button (`action` in MV3,
 * `browserAction` in Firefox's MV2). Which look to show is decided by the pure `badge-look.ts`.
 */
import { browser } from 'wxt/browser';

export interface BadgeLook {
  text: string;
  color: string;
  title: string;
}

export async function applyBadgeLook(look: BadgeLook): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  await Promise.all([
    action.setBadgeText({ text: look.text }),
    action.setBadgeBackgroundColor({ color: look.color }),
    action.setTitle({ title: look.title }),
  ]);
}
