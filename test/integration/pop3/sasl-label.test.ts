/**
 * A SASL PLAIN login whose initial response does not fit one 255-octet command line goes in a
 * continuation line (RFC 5034 §4). That line is base64 of user and password: when Dovecot
 * refuses it, nothing of it may reach the error, the account state or the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory, Pop3Client } from '../../../src/bridge/pop3';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { accountFor, PASSWORD, record, USER } from './helpers';

const LONG_WRONG = 'p'.repeat(150) + 'w'.repeat(150); // 300 characters

/** Every 12-character piece of the base64 credentials a long SASL PLAIN line would carry. */
function secretPieces(password: string): string[] {
  const token = Buffer.from(`\0${USER}\0${password}`, 'utf8').toString('base64');
  const pieces = [];
  for (let i = 0; i + 12 <= token.length; i += 6) pieces.push(token.slice(i, i + 12));
  // Lower case: a label is upper-cased on its way into the message, so compare without case.
  return [...pieces, password.slice(0, 20)].map((p) => p.toLowerCase());
}

describe.skipIf(!requireDovecot())('POP3 SASL PLAIN with a 300-character password against Dovecot', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('a refused continuation line is labelled AUTH, never with the credentials', async () => {
    const error = await Pop3Client.connect({
      host: dc.host,
      port: dc.ports.pop3,
      security: 'none',
      user: USER,
      password: LONG_WRONG,
      authMethod: 'plain',
    }).then(
      () => undefined,
      (e: Error & { code?: string; command?: string }) => e,
    );
    expect(error).toMatchObject({ code: ErrorCode.AuthFailed, command: 'AUTH' });
    const text = JSON.stringify({ message: error?.message, command: error?.command }).toLowerCase();
    for (const piece of secretPieces(LONG_WRONG)) expect(text).not.toContain(piece);
  });

  it('the driver state and its log carry no piece of the credentials', async () => {
    const rec = record();
    const driver = createPop3DriverFactory({ authMethod: 'plain', timeouts: { idleTimeoutMs: 5_000 } }).create(
      accountFor(dc),
      LONG_WRONG,
      rec.ctx,
    );
    driver.start();
    await rec.until(() => rec.states.some((s) => s.state === 'authFailed'));
    await driver.stop();
    const seen = JSON.stringify({ states: rec.states, logs: rec.logs, events: rec.events }).toLowerCase();
    expect(seen).toContain('auth');
    for (const piece of secretPieces(LONG_WRONG)) expect(seen).not.toContain(piece);
  });
});
