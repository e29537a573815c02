/**
 * "Sign in with Microsoft" in Firefox ESR: the add-on's options page starts the sign-in through
 * the real bridge, the tab it opens is redirected by the OAuth test server to the bridge's
 * loopback listener, and the account connects to Dovecot's oauth2 passdb. Then a delivery after a
 * token lifetime, a revoked grant, and "Sign in again".
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { buildMessage } from '../harness/mail-factory';
import { startOAuthServer, type OAuthServer } from '../harness/oauth-server';
import { installBridge, type InstalledBridge } from '../support/bridge-install';
import { BRIDGE_BUNDLE, FIREFOX_BUILD, requireBuilt } from '../support/built';
import { firefoxBadge, firefoxExtensionUrl, launchFirefox, waitForFirefoxBadge } from '../support/firefox';
import { OAUTH_USER, oauthEnv } from '../support/oauth-sign-in';
import { FIREFOX, requireProgram } from '../support/require-tool';

const run = requireProgram('Firefox', FIREFOX, 'apt-get install firefox-esr') && requireDovecot();
const TTL_SEC = 10;

describe.runIf(run)('Firefox: Sign in with Microsoft against Dovecot’s oauth2 passdb', () => {
  let oauth: OAuthServer;
  let dc: Dovecot;
  let bridge: InstalledBridge;
  let browser: Browser;
  let options: Page;
  const savedEnv = { ...process.env };

  /** Clicks a sign-in button and waits for the tab it opens to show the bridge's answer. */
  async function signInThrough(button: string): Promise<void> {
    const callback = browser.waitForTarget((t) => /^http:\/\/localhost:\d+\/oauth\/callback/.test(t.url()), {
      timeout: 30_000,
    });
    const [handle] = await options.$$(`xpath/.//button[normalize-space()="${button}"]`);
    await handle.click();
    const tab = await (await callback).page();
    expect(tab).not.toBeNull();
    await tab!.waitForSelector('#message', { timeout: 20_000 });
    expect(await tab!.$eval('#message', (e) => e.textContent)).toContain('is signed in');
    await tab!.close();
  }

  const accountState = () =>
    options.evaluate(() => document.querySelector('li.account')?.getAttribute('data-state') ?? 'none');

  beforeAll(async () => {
    requireBuilt(FIREFOX_BUILD, BRIDGE_BUNDLE);
    oauth = await startOAuthServer({ accessTtlSec: TTL_SEC });
    dc = await startDovecot({
      users: [{ user: OAUTH_USER, password: 'never-used' }],
      oauth2: { introspectionUrl: oauth.introspectionUrl },
    });
    for (let i = 1; i <= 2; i++) await dc.deliver(OAUTH_USER, buildMessage({ subject: `waiting ${i}` }));
    bridge = installBridge('firefox');
    Object.assign(process.env, oauthEnv(oauth), { MAILGLANCE_SECRET_STORE: 'file' });
    browser = await launchFirefox(FIREFOX!, bridge.home);
    options = await browser.newPage();
    await options.goto(firefoxExtensionUrl('options.html#/add'), { waitUntil: 'networkidle0' });
  });

  afterAll(async () => {
    await browser?.close();
    process.env = savedEnv;
    await dc?.destroy();
    await oauth?.stop();
    bridge?.cleanup();
  });

  it('signs in without a password and shows the count on the badge', async () => {
    const fill = async (label: string, value: string) => {
      const [input] = await options.$$(
        `xpath/.//label[normalize-space()="${label}"]/following::*[self::input or self::select][1]`,
      );
      await input.evaluate((el, v) => {
        const field = el as HTMLInputElement | HTMLSelectElement;
        field.value = v;
        field.dispatchEvent(new Event(field.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
      }, value);
    };
    await fill('Email address', 'alice@contoso.example');
    await fill('Server', dc.host);
    await fill('Port', String(dc.ports.imap));
    await fill('Security', 'none');
    await fill('User name', OAUTH_USER);
    await signInThrough('Sign in with Microsoft');
    await waitForFirefoxBadge(options, (t) => t === '2', 30_000);
    expect(oauth.authorizeRequests.at(-1)?.get('scope')).toContain('offline_access');
  });

  it('keeps pushing after the first token expired, then asks to sign in again once revoked', async () => {
    await new Promise((r) => setTimeout(r, TTL_SEC * 1000));
    await dc.deliver(OAUTH_USER, buildMessage({ subject: 'after one lifetime' }));
    await waitForFirefoxBadge(options, (t) => t === '3', 20_000);
    expect(oauth.tokenRequests.refresh_token ?? 0).toBeGreaterThanOrEqual(1);

    oauth.revoke(OAUTH_USER);
    await expect
      .poll(async () => (await firefoxBadge(options)).title, { timeout: TTL_SEC * 1000 + 20_000 })
      .toContain('sign in again');
    await options.goto(firefoxExtensionUrl('options.html'), { waitUntil: 'networkidle0' });
    await expect.poll(accountState, { timeout: 10_000 }).toBe('signInRequired');
    await signInThrough('Sign in again');
    await expect.poll(accountState, { timeout: 20_000 }).toBe('connected');
    await dc.deliver(OAUTH_USER, buildMessage({ subject: 'after signing in again' }));
    await waitForFirefoxBadge(options, (t) => t === '4', 20_000);
  }, 90_000);
});
