/**
 * An OAuth account sends mail: the built bridge signs in at the OAuth test server, then
 * `message.send` logs in to SMTP with AUTH XOAUTH2 and an access token the OAuth server vouches
 * for (RFC 7662 introspection, as Dovecot's oauth2 passdb checks IMAP), and files the Sent copy
 * over IMAP with the same token. The stored secret of an OAuth account is its token set: no part
 * of it may reach a server as a password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { startOAuthServer, type OAuthServer } from '../../harness/oauth-server';
import { startSmtp, type Smtp } from '../../harness/smtp-server';
import { BridgeProcess } from '../../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';
import { completeInBrowser, OAUTH_USER, oauthEnv } from '../../support/oauth-sign-in';

type Frame = Record<string, unknown>;

describe.skipIf(!requireDovecot())('sending from an OAuth account', () => {
  let oauth: OAuthServer;
  let dc: Dovecot;
  let smtp: Smtp;
  let bridge: BridgeProcess;
  let configDir: string;
  const tokensSeen: { user: string; token: string; active: boolean }[] = [];
  let n = 0;
  const request = async (type: string, params: unknown) => (await bridge.request(`r${++n}`, type, params)) as Frame;

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    oauth = await startOAuthServer();
    dc = await startDovecot({
      users: [{ user: OAUTH_USER, password: 'unused-password' }],
      oauth2: { introspectionUrl: oauth.introspectionUrl },
    });
    smtp = await startSmtp({
      users: [{ user: OAUTH_USER, password: 'unused-password' }],
      certDir: dc.dir,
      async verifyAccessToken(user, token) {
        const res = await fetch(oauth.introspectionUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }),
        });
        const active = ((await res.json()) as { active?: boolean }).active === true;
        tokensSeen.push({ user, token, active });
        return active;
      },
    });
    configDir = mkdtempSync(join(tmpdir(), 'mg-oauth-send-'));
    bridge = new BridgeProcess(configDir, oauthEnv(oauth));
    await bridge.hello();
  });
  afterAll(async () => {
    await bridge?.stop();
    await smtp?.stop();
    await dc?.destroy();
    await oauth?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('logs in to SMTP with XOAUTH2 and a live access token, sends once and files the Sent copy', async () => {
    const started = await request('oauth.start', {
      settings: {
        type: 'imap',
        host: dc.host,
        port: dc.ports.imap,
        security: 'none',
        user: OAUTH_USER,
        auth: 'oauth2',
        oauthProvider: 'google',
        pinnedCert: dc.certFingerprint,
        smtp: { host: smtp.host, port: smtp.ports.submission, security: 'starttls' },
      },
    });
    expect(started.ok, JSON.stringify(started.error)).toBe(true);
    const { signInId, authorizationUrl } = started.result as { signInId: string; authorizationUrl: string };
    expect((await completeInBrowser(authorizationUrl)).status).toBe(200);
    const waited = await request('oauth.wait', { signInId, waitMs: 10_000 });
    expect(waited.ok, JSON.stringify(waited.error)).toBe(true);
    const accountId = (waited.result as { account: { id: string } }).account.id;

    const messageId = `<oauth-send.${Date.now()}@mailglance.test>`;
    const sent = await request('message.send', {
      accountId,
      messageId,
      date: new Date().toISOString(),
      from: { name: 'Alice', address: OAUTH_USER },
      to: [{ name: 'Bob', address: 'bob@example.test' }],
      cc: [],
      bcc: [],
      subject: 'Sent with a token',
      text: 'Hello Bob',
    });
    expect(sent.ok, JSON.stringify(sent.error)).toBe(true);
    expect(sent.result).toMatchObject({ sentCopy: 'appended' });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ authUser: OAUTH_USER, secure: true, to: ['bob@example.test'] });
    // The token SMTP saw was an access token the OAuth server still calls active, and nothing
    // like the stored token set (which holds the refresh token).
    expect(tokensSeen).toHaveLength(1);
    expect(tokensSeen[0]).toMatchObject({ user: OAUTH_USER, active: true });
    expect(oauth.issuedTokens()).toContain(tokensSeen[0].token);
    expect(tokensSeen[0].token).not.toMatch(/refresh|[{}"]/i);
  });
});
