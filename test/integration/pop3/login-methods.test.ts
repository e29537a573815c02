/**
 * Every POP3 login method against the real Dovecot, over plain TCP on loopback: SASL PLAIN
 * (RFC 5034), USER/PASS and APOP (RFC 1939 §7). The scripted server in client.test.ts covers
 * malformed replies only; here the server decides whether a login is right.
 *
 * APOP needs Dovecot's `apop` mechanism (opt-in in the harness, see `authMechanismsLine`) and a
 * password store that yields the clear text: the harness's passwd-file uses {PLAIN}.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory, Pop3Client } from '../../../src/bridge/pop3';
import { apopTimestamp, type AuthMethod } from '../../../src/bridge/pop3/auth';
import { openPlain } from '../../../src/bridge/pop3/transport';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, USER, waitFor } from './helpers';

const METHODS: readonly AuthMethod[] = ['plain', 'user', 'apop'];
/** What Dovecot's pop3-login writes as `method=` in its "Login:" line (USER/PASS is PLAIN to it). */
const MECH_IN_LOG: Record<AuthMethod, string> = { plain: 'PLAIN', user: 'PLAIN', apop: 'APOP', xoauth2: 'XOAUTH2' };

describe.skipIf(!requireDovecot())('POP3 login methods against Dovecot', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }], apop: true });
    await dc.deliver(USER, buildMessage({ subject: 'logged in' }));
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  const connect = (authMethod: AuthMethod, password = PASSWORD) =>
    Pop3Client.connect({ host: dc.host, port: dc.ports.pop3, security: 'none', user: USER, password, authMethod });

  it('Dovecot offers all three: SASL PLAIN and USER in CAPA, an APOP timestamp in the greeting', async () => {
    const client = await connect('plain');
    try {
      expect(client.capabilities).toEqual(expect.arrayContaining(['USER', expect.stringMatching(/^SASL .*\bPLAIN\b/)]));
    } finally {
      await client.quit();
    }
    // The greeting is consumed by connect(); read it from a bare socket.
    const socket = await openPlain(dc.host, dc.ports.pop3, 3_000);
    const greeting = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
    socket.destroy();
    expect(apopTimestamp(greeting)).toMatch(/^<.+>$/);
  });

  for (const method of METHODS) {
    it(`${method}: the right password opens the maildrop`, async () => {
      const logStart = dc.log().length;
      const client = await connect(method);
      try {
        expect(await client.stat()).toMatchObject({ count: 1 });
      } finally {
        await client.quit();
      }
      expect(client.quitConfirmed).toBe(true);
      // The server, not our client, says which mechanism logged in. Dovecot's log process writes
      // the line on its own schedule, which can be after QUIT was answered: wait for it.
      const loginLine = `Login: user=<${USER}>, method=${MECH_IN_LOG[method]},`;
      await waitFor(() => dc.log().slice(logStart).includes(loginLine));
      expect(dc.log().slice(logStart)).toContain(loginLine);
    });

    it(`${method}: a wrong password is AUTH_FAILED, and the driver stops in authFailed`, async () => {
      const authFailures = (from: number) =>
        dc
          .log()
          .slice(from)
          .split('\n')
          .filter((l) => l.includes('auth failed'));
      const beforeClient = dc.log().length;
      await expect(connect(method, 'wrong-password')).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
      // Dovecot logs the refusal when the connection ends, which can be after connect() rejected:
      // wait for it, or it would be counted as the driver's.
      await waitFor(() => authFailures(beforeClient).length === 1);

      const factory = createPop3DriverFactory({ authMethod: method, timeouts: { idleTimeoutMs: 5_000 } });
      const rec = record();
      const logStart = dc.log().length;
      const driver = factory.create(accountFor(dc), 'wrong-password', rec.ctx);
      driver.start();
      await rec.until(() => rec.states.some((s) => s.state === 'authFailed'));
      expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'authFailed']);
      // One refused login, with the method the driver was told to use.
      await waitFor(() => /auth failed/.test(dc.log().slice(logStart)));
      const failures = authFailures(logStart);
      expect(failures).toEqual([expect.stringContaining(`method=${MECH_IN_LOG[method]},`)]);
      // No retry: the next poll is refused without a login.
      await expect(driver.refresh()).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
      await driver.stop();
    });
  }
});
