/**
 * Chrome's and Firefox's bridges on one config folder share an OAuth account's tokens. With a
 * server that spends a refresh token on first use (as Microsoft may), both refreshing on their
 * own would make the slower one look revoked. Short token lifetimes make them refresh many times
 * over; neither may ever report `signInRequired`, and both keep counting deliveries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { startOAuthServer, type OAuthServer } from '../../harness/oauth-server';
import { BridgeProcess } from '../../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';
import { completeInBrowser, OAUTH_USER, oauthEnv } from '../../support/oauth-sign-in';

type Frame = Record<string, unknown>;
const TTL_SEC = 4;

describe.skipIf(!requireDovecot())('two bridges, one OAuth account', () => {
  let oauth: OAuthServer;
  let dc: Dovecot;
  let configDir: string;
  const bridges: BridgeProcess[] = [];

  const unseen = (b: BridgeProcess) =>
    (
      [...b.frames]
        .reverse()
        .map((f) => f as Frame)
        .find((f) => f.type === 'mailbox.snapshot' || f.type === 'mailbox.delta')?.data as
        { mailbox: { unseen: number } } | undefined
    )?.mailbox.unseen;
  const states = (b: BridgeProcess) =>
    b.frames
      .map((f) => f as Frame)
      .filter((f) => f.type === 'account.state')
      .map((f) => (f.data as Frame).state);

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    oauth = await startOAuthServer({ accessTtlSec: TTL_SEC });
    dc = await startDovecot({
      users: [{ user: OAUTH_USER, password: 'unused' }],
      oauth2: { introspectionUrl: oauth.introspectionUrl },
    });
    configDir = mkdtempSync(join(tmpdir(), 'mg-oauth-two-'));
  });
  afterAll(async () => {
    await Promise.all(bridges.map((b) => b.stop()));
    await dc?.destroy();
    await oauth?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('refreshes many times from both processes without ever needing a new sign-in', async () => {
    const a = new BridgeProcess(configDir, oauthEnv(oauth));
    bridges.push(a);
    await a.hello();
    const started = await a.request('s1', 'oauth.start', {
      settings: {
        type: 'imap',
        host: dc.host,
        port: dc.ports.imap,
        security: 'none',
        user: OAUTH_USER,
        auth: 'oauth2',
        oauthProvider: 'microsoft',
      },
    });
    await completeInBrowser((started.result as { authorizationUrl: string }).authorizationUrl);
    const waited = await a.request('w1', 'oauth.wait', {
      signInId: (started.result as { signInId: string }).signInId,
      waitMs: 10_000,
    });
    expect(waited.ok).toBe(true);
    const b = new BridgeProcess(configDir, oauthEnv(oauth));
    bridges.push(b);
    await b.hello();
    const refreshesBefore = oauth.tokenRequests.refresh_token ?? 0;
    for (let i = 1; i <= 4; i++) {
      await new Promise((r) => setTimeout(r, TTL_SEC * 1000));
      await dc.deliver(OAUTH_USER, buildMessage({ subject: `shared ${i}` }));
      await expect.poll(() => unseen(a), { timeout: 15_000 }).toBe(i);
      await expect.poll(() => unseen(b), { timeout: 15_000 }).toBe(i);
    }
    expect((oauth.tokenRequests.refresh_token ?? 0) - refreshesBefore).toBeGreaterThanOrEqual(4);
    expect(states(a)).not.toContain('signInRequired');
    expect(states(b)).not.toContain('signInRequired');
  }, 90_000);
});
