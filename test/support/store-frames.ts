/**
 * Store screenshots: the Chrome Web Store and addons.mozilla.org want 1280×800 images, so each raw
 * capture (popup 420×600, options page) is placed on a 1280×800 frame with a caption.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';

export interface StoreFrame {
  /** A raw PNG capture from the tests. */
  source: string;
  headline: string;
  subline: string;
  out: string;
  dark?: boolean;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function writeStoreFrame(context: BrowserContext, frame: StoreFrame): Promise<void> {
  const raw = readFileSync(frame.source);
  const png = raw.toString('base64');
  // A tall capture (the popup) is scaled up to the frame's height; a wide one fits its width.
  const tall = raw.readUInt32BE(20) > raw.readUInt32BE(16); // PNG IHDR: width at 16, height at 20
  const size = tall ? 'height:680px' : 'width:720px';
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    const [bg, fg] = frame.dark ? ['#1f2430', '#f1f3f4'] : ['#e8f0fe', '#202124'];
    await page.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;display:flex;
align-items:center;gap:56px;padding:0 72px;box-sizing:border-box;background:${bg};color:${fg};
font-family:system-ui,sans-serif">
<div style="flex:1"><h1 style="font-size:44px;margin:0 0 20px">${escape(frame.headline)}</h1>
<p style="font-size:24px;line-height:1.45;margin:0;opacity:.85">${escape(frame.subline)}</p></div>
<img alt="" src="data:image/png;base64,${png}" style="${size};flex:none;border-radius:10px;
box-shadow:0 12px 40px rgba(0,0,0,.3)"></body></html>`);
    await page.screenshot({ path: frame.out });
  } finally {
    await page.close();
  }
}

/**
 * The Chrome Web Store's small promo tile (440×280, required for a listing): the icon, the name
 * and one line on what it does, drawn from store/icon.svg.
 */
export async function writePromoTile(context: BrowserContext, iconSvg: string, out: string): Promise<void> {
  const icon = Buffer.from(readFileSync(iconSvg)).toString('base64');
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 440, height: 280 });
    await page.setContent(`<!doctype html><html><body style="margin:0;width:440px;height:280px;display:flex;
align-items:center;gap:20px;padding:0 32px;box-sizing:border-box;background:#e8f0fe;color:#202124;
font-family:system-ui,sans-serif">
<img alt="" src="data:image/svg+xml;base64,${icon}" style="width:112px;height:112px;flex:none">
<div><h1 style="font-size:34px;margin:0 0 8px">Mailglance</h1>
<p style="font-size:17px;line-height:1.35;margin:0">${escape('Unread mail from any IMAP or POP3 account, pushed to your toolbar.')}</p></div>
</body></html>`);
    await page.screenshot({ path: out });
  } finally {
    await page.close();
  }
}
