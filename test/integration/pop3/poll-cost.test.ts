/**
 * What one poll costs on a 1,000-message maildrop with 3 new messages: time and bytes on the
 * wire, printed for the issue note (not asserted: performance is measured, not timed in tests).
 * What is asserted is the shape of the work: one UIDL, and TOP only for the 3 new messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, USER, waitFor } from './helpers';

const factory = createPop3DriverFactory();

describe.skipIf(!requireDovecot())('POP3 poll cost on a 1,000-message maildrop', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }], quotaMB: 200 });
    const base = Date.UTC(2024, 0, 1);
    dc.seed(
      USER,
      'INBOX',
      Array.from({ length: 1000 }, (_, i) => ({
        raw: buildMessage({
          subject: `Old ${i}`,
          date: new Date(base + i * 60_000),
          text: `Old message ${i}. `.repeat(40),
        }),
      })),
    );
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('polls with one UIDL and 3 TOPs, and prints time and bytes', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    const pollLog = () => rec.logs.filter((l) => l.message === 'pop3 poll').map((l) => l.extra ?? {});
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1, 30_000);
    expect(rec.of('mailbox.snapshot')[0].mailbox).toMatchObject({ total: 1000, unseen: 1000 });
    expect(rec.of('mailbox.snapshot')[0].messages).toHaveLength(50);

    await driver.refresh(); // steady state: nothing new

    for (let i = 0; i < 3; i++) await dc.deliver(USER, buildMessage({ subject: `New ${i}` }));
    const mark = dc.log().length;
    const t0 = performance.now();
    await driver.refresh();
    const wall = performance.now() - t0;
    const [first, idle, withNew] = pollLog();

    const delta = rec.of('mailbox.delta');
    expect(delta).toHaveLength(1);
    expect(delta[0].added.map((h) => h.subject).sort()).toEqual(['New 0', 'New 1', 'New 2']);
    expect(delta[0].mailbox).toMatchObject({ total: 1003, unseen: 1003 });
    // Dovecot's logout line for that session: exactly 3 TOPs, no RETR.
    await waitFor(() => /top=\d+\/\d+/.test(dc.log().slice(mark)));
    expect(dc.log().slice(mark)).toMatch(/top=3\/\d+, retr=0\/0/);

    const fmt = (x: Record<string, unknown>) =>
      `${String(x.ms)} ms, ${String(x.bytesRead)} bytes in, ${String(x.bytesWritten)} bytes out`;
    console.log(
      [
        'POP3 poll cost, 1,000-message maildrop (Dovecot on loopback, plain):',
        `  first poll (snapshot, 50 TOPs): ${fmt(first)}`,
        `  poll, nothing new:              ${fmt(idle)}`,
        `  poll, 3 new messages:           ${fmt(withNew)} (refresh() wall time ${wall.toFixed(1)} ms)`,
      ].join('\n'),
    );
    await driver.stop();
  });
});
