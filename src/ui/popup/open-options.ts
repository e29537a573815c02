import { browser } from 'wxt/browser';

/**
 * Opens the options page, optionally at one account (`#/account/<id>`). `openOptionsPage` cannot
 * carry a fragment, so a specific account opens as a tab of its own.
 */
export async function openOptions(accountId?: string): Promise<void> {
  if (accountId === undefined) {
    await browser.runtime.openOptionsPage();
  } else {
    await browser.tabs.create({
      url: browser.runtime.getURL(`/options.html#/account/${encodeURIComponent(accountId)}`),
    });
  }
  // The popup stays open over the new tab otherwise (Firefox); other pages must not close.
  if (location.pathname.endsWith('/popup.html')) window.close();
}
