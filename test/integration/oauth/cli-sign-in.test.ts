/**
 * `mailglance-bridge account add --oauth`: the built CLI prints the sign-in address, the
 * "browser" (an HTTP client) follows it to the CLI's loopback listener, and the account is added
 * and logs in to Dovecot with its token.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { startOAuthServer, type OAuthServer } from '../../harness/oauth-server';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';
import { completeInBrowser, OAUTH_USER, oauthEnv } from '../../support/oauth-sign-in';

describe.skipIf(!requireDovecot())('CLI: account add --oauth', () => {
  let oauth: OAuthServer;
  let dc: Dovecot;
  let configDir: string;

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    oauth = await startOAuthServer();
    dc = await startDovecot({
      users: [{ user: OAUTH_USER, password: 'unused' }],
      oauth2: { introspectionUrl: oauth.introspectionUrl },
    });
    configDir = mkdtempSync(join(tmpdir(), 'mg-oauth-cli-'));
  });
  afterAll(async () => {
    await dc?.destroy();
    await oauth?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  const cli = (args: string[]) => {
    const child = spawn(process.execPath, [BRIDGE_BUNDLE, ...args, '--config-dir', configDir], {
      env: { ...process.env, ...oauthEnv(oauth), MAILGLANCE_SECRET_STORE: 'file' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { out: () => stdout, err: () => stderr, exited };
  };

  it('prints the address, waits for the browser, adds the account; account test logs in with the token', async () => {
    const add = cli([
      'account',
      'add',
      '--oauth',
      'google',
      '--user',
      OAUTH_USER,
      '--host',
      dc.host,
      '--port',
      String(dc.ports.imap),
      '--security',
      'none',
    ]);
    await expect
      .poll(() => /http:\/\/127\.0\.0\.1:\d+\/authorize\S+/.exec(add.err())?.[0], { timeout: 10_000 })
      .toBeTruthy();
    const url = /http:\/\/127\.0\.0\.1:\d+\/authorize\S+/.exec(add.err())![0];
    const tab = await completeInBrowser(url);
    expect(tab.page).toContain('is signed in');
    expect(await add.exited).toBe(0);
    const id = add.out().trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const test = cli(['account', 'test', id]);
    expect(await test.exited).toBe(0);
    expect(test.out()).toContain('INBOX');
    expect(test.out()).toMatch(/^login\s+OAUTHBEARER$/m);
    expect(dc.log()).toMatch(/imap-login: Info: Login: user=<alice@example\.test>, method=OAUTHBEARER/);
  });

  it('a denied consent exits 4 and adds nothing', async () => {
    oauth.setAuthorizeFault('access_denied');
    const add = cli(['account', 'add', '--oauth', 'microsoft', '--user', OAUTH_USER]);
    await expect
      .poll(() => /http:\/\/127\.0\.0\.1:\d+\/authorize\S+/.exec(add.err())?.[0], { timeout: 10_000 })
      .toBeTruthy();
    await completeInBrowser(/http:\/\/127\.0\.0\.1:\d+\/authorize\S+/.exec(add.err())![0]);
    expect(await add.exited).toBe(4);
    expect(add.err()).toContain('sign-in failed: access was not granted at Microsoft');
    oauth.setAuthorizeFault('none');
    const list = cli(['account', 'list', '--json']);
    await list.exited;
    expect((JSON.parse(list.out()) as unknown[]).length).toBe(1);
  });
});
