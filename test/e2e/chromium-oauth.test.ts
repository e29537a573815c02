/**
 * "Sign in with Google" end to end in real Chromium: the options page asks the real bridge to
 * start a sign-in, the extension opens the authorization URL in a tab, the OAuth test server's
 * /authorize redirects that tab to the bridge's loopback listener, and the account connects to a
 * Dovecot that checks every token at the same server. Then: the badge counts, deliveries are
 * pushed across several short token lifetimes, a revoked grant shows "sign in again", signing in
 * again restores push, and no token is found in the extension's storage or the bridge's log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { buildMessage } from '../harness/mail-factory';
import { startOAuthServer, type OAuthServer } from '../harness/oauth-server';
import { installBridge, type InstalledBridge } from '../support/bridge-install';
import { BRIDGE_BUNDLE, CHROME_BUILD, requireBuilt } from '../support/built';
import { extensionUrl, launchChromium, readBadge } from '../support/chromium';
import { waitForBadge, worker } from '../support/mail-browser';
import { CHROMIUM, requireProgram } from '../support/require-tool';
import { OAUTH_USER, oauthEnv } from '../support/oauth-sign-in';

const run = requireProgram('Chromium', CHROMIUM, 'apt-get install chromium') && requireDovecot();
/** Short enough that the test lives through several: the bridge renews at half of it. */
const TTL_SEC = 10;

describe.runIf(run)('Chromium: Sign in with Google against Dovecot’s oauth2 passdb', () => {
  let oauth: OAuthServer;
  let dc: Dovecot;
  let bridge: InstalledBridge;
  let context: BrowserContext;
  const savedEnv = { ...process.env };

  /** Clicks a sign-in button on `page` and follows the tab it opens to the bridge's answer. */
  async function signInThrough(page: Page, button: string): Promise<string> {
    const tab = context.waitForEvent('page');
    await page.getByRole('button', { name: button }).first().click();
    const opened = await tab;
    await opened.waitForURL(/^http:\/\/localhost:\d+\/oauth\/callback/, { timeout: 20_000 });
    const text = (await opened.locator('#message').textContent({ timeout: 20_000 })) ?? '';
    await opened.close();
    return text;
  }

  beforeAll(async () => {
    requireBuilt(CHROME_BUILD, BRIDGE_BUNDLE);
    oauth = await startOAuthServer({ accessTtlSec: TTL_SEC });
    dc = await startDovecot({
      users: [{ user: OAUTH_USER, password: 'never-used' }],
      oauth2: { introspectionUrl: oauth.introspectionUrl },
    });
    for (let i = 1; i <= 3; i++) await dc.deliver(OAUTH_USER, buildMessage({ subject: `waiting ${i}` }));
    bridge = installBridge('chromium');
    // Chromium starts the bridge with its own environment: the test server and client id go there.
    Object.assign(process.env, oauthEnv(oauth), { MAILGLANCE_SECRET_STORE: 'file' });
    context = await launchChromium(CHROMIUM!, bridge.userDataDir);
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    process.env = savedEnv;
    await dc?.destroy();
    await oauth?.stop();
    bridge?.cleanup();
  });

  it('signs in from the options page without a password and shows the count on the badge', async () => {
    const options = await context.newPage();
    await options.goto(extensionUrl('options.html#/add'));
    await options.getByLabel('Email address', { exact: true }).fill(OAUTH_USER);
    // The test's "provider" hosts its mail on the loopback Dovecot, not at imap.gmail.com.
    await options.getByLabel('Server', { exact: true }).fill(dc.host);
    await options.getByLabel('Port', { exact: true }).fill(String(dc.ports.imap));
    await options.getByLabel('Security', { exact: true }).selectOption('none');
    expect(await signInThrough(options, 'Sign in with Google')).toContain('is signed in');
    await waitForBadge(context, (t) => t === '3', 30_000);
    await expect.poll(() => options.locator('li.account[data-state="connected"]').count(), { timeout: 10_000 }).toBe(1);
    expect(oauth.authorizeRequests.at(-1)?.get('code_challenge_method')).toBe('S256');
    expect(dc.log()).toMatch(/Login: user=<alice@example\.test>, method=(OAUTHBEARER|XOAUTH2)/);
    await options.close();
  });

  it('pushes deliveries across several token lifetimes with no user action', async () => {
    const refreshesBefore = oauth.tokenRequests.refresh_token ?? 0;
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, TTL_SEC * 1000));
      await dc.deliver(OAUTH_USER, buildMessage({ subject: `pushed ${i}` }));
      await waitForBadge(context, (t) => t === String(4 + i), 20_000);
    }
    expect((oauth.tokenRequests.refresh_token ?? 0) - refreshesBefore).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('keeps every token out of IndexedDB, extension storage and the bridge log', async () => {
    const tokens = oauth.issuedTokens();
    expect(tokens.length).toBeGreaterThan(4);
    const w = await worker(context);
    const dump = await w.evaluate(async () => {
      type Chrome = {
        storage: { local: { get(k: null): Promise<object> }; session: { get(k: null): Promise<object> } };
      };
      const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
      const parts: unknown[] = [await chrome.storage.local.get(null), await chrome.storage.session.get(null)];
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open(info.name!);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const rows = await new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction(store).objectStore(store).getAll();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          parts.push({ store, rows });
        }
        db.close();
      }
      return JSON.stringify(parts);
    });
    expect(dump).toContain(OAUTH_USER); // the dump really holds the account
    const log = readFileSync(join(bridge.configDir, 'logs', 'bridge.log'), 'utf8');
    for (const token of tokens) {
      expect(dump.includes(token)).toBe(false);
      expect(log.includes(token)).toBe(false);
    }
  });

  it('a revoked grant shows "sign in again"; signing in again restores push', async () => {
    oauth.revoke(OAUTH_USER);
    await expect
      .poll(async () => (await readBadge(context)).title, { timeout: TTL_SEC * 1000 + 20_000 })
      .toContain('sign in again');
    const options = await context.newPage();
    await options.goto(extensionUrl('options.html'));
    await options.locator('li.account[data-state="signInRequired"]').waitFor({ timeout: 10_000 });
    expect(await signInThrough(options, 'Sign in again')).toContain('is signed in');
    await expect.poll(() => options.locator('li.account[data-state="connected"]').count(), { timeout: 20_000 }).toBe(1);
    await dc.deliver(OAUTH_USER, buildMessage({ subject: 'after signing in again' }));
    await waitForBadge(context, (t) => t === '7', 20_000);
    expect((await readBadge(context)).title).not.toContain('sign in again');
    await options.close();
  }, 90_000);
});
