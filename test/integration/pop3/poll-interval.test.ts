/**
 * A poll interval whose milliseconds overflow setTimeout (above 2^31-1 ms, ~24.8 days) made Node
 * fire the timer at once: the driver polled Dovecot in a tight loop (130-200 logins in 10 s).
 * The protocol refuses such a value; this keeps the driver safe when one reaches it anyway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, USER } from './helpers';

const factory = createPop3DriverFactory();

describe.skipIf(!requireDovecot())('POP3 poll interval beyond the timer range', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    await dc.deliver(USER, buildMessage({ subject: 'one' }));
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('polls once, not in a loop, with a 30-day interval', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc, { pollIntervalSec: 30 * 24 * 3600 }), PASSWORD, rec.ctx);
    driver.start();
    try {
      await rec.until(() => rec.of('mailbox.snapshot').length === 1, 30_000);
      // Long enough for a looping timer to log in dozens of times (it did 13-20 per second).
      await new Promise((r) => setTimeout(r, 3000));
      expect(rec.logs.filter((l) => l.message === 'pop3 poll').length).toBe(1);
    } finally {
      await driver.stop();
    }
  });
});
