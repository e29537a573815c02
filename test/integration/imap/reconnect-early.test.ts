/**
 * A server back from an outage is noticed at once, not when a reconnect backoff that grew to
 * minutes runs out: while the driver waits, it knocks on the server (reachable.ts) and reconnects
 * on the first answer. Here the backoff is pinned at 60 s, so only the knock can explain a
 * reconnect within seconds — over plain IMAP and implicit TLS, and after an outage shorter than
 * the time between two knocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

const BACKOFF = { baseMs: 60_000, maxMs: 60_000 };

describe.skipIf(!requireDovecot())('reconnect as soon as the server answers again', () => {
  let dc: Dovecot;
  const drivers: AccountDriver[] = [];

  beforeAll(async () => {
    dc = await startDovecot({ users: ['alice', 'bob', 'carol'].map((user) => ({ user, password: 'pw' })) });
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.stop()));
    await dc?.destroy();
  });

  /** Starts a driver for `account`, then kills Dovecot under it: resolves once it is reconnecting. */
  async function connectThenKill(account: ReturnType<typeof accountFor>, knockMs: number): Promise<Recorder> {
    const rec = new Recorder();
    const driver = createImapDriverFactory({ backoff: BACKOFF, knockMs }).create(account, 'pw', rec);
    drivers.push(driver);
    driver.start();
    await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    await dc.kill();
    await rec.waitFor(() => rec.states.at(-1)?.state === 'reconnecting', 15_000, 'reconnecting');
    return rec;
  }

  /** The first INBOX snapshot or delta after event `from` that counts the one message delivered. */
  const countsDelivery = (rec: Recorder, from: number, ms: number, what: string) =>
    rec.waitFor(
      () =>
        [...rec.of('mailbox.snapshot', from), ...rec.of('mailbox.delta', from)].find(
          (e) => e.mailbox.path === 'INBOX' && e.mailbox.total === 1,
        ),
      ms,
      what,
    );

  it.each([
    { name: 'plain IMAP', user: 'alice', tls: false },
    { name: 'implicit TLS', user: 'bob', tls: true },
  ])('$name: back within seconds of the restart, with the mail that came meanwhile', async ({ user, tls }) => {
    const account = accountFor(
      dc,
      user,
      tls ? { security: 'tls', port: dc.ports.imaps, pinnedCert: dc.certFingerprint } : {},
    );
    const rec = await connectThenKill(account, 500);
    await new Promise((r) => setTimeout(r, 1_500)); // down for a while: some knocks go unanswered
    await dc.start();
    const back = Date.now();
    const from = rec.events.length;
    await dc.deliver(user, buildMessage({ subject: 'while reconnecting' }));
    const ev = await countsDelivery(rec, from, 20_000, 'the delivery after the restart');
    const ms = ev.at - back;
    console.log(`${user}: server answering → exact counts ${ms} ms (backoff was 60 s)`);
    expect(ms).toBeLessThan(20_000);
  });

  it('an outage shorter than one knock interval: back at the next knock, not at the backoff', async () => {
    // The server is back before the first scheduled knock: only a knock at the very start of the
    // backoff can have seen it down, so only that explains a reconnect long before 60 s.
    const knockMs = 5_000;
    const rec = await connectThenKill(accountFor(dc, 'carol'), knockMs);
    const down = Date.now();
    await dc.start();
    expect(Date.now() - down, 'the restart must end before the first scheduled knock').toBeLessThan(knockMs);
    const from = rec.events.length;
    await dc.deliver('carol', buildMessage({ subject: 'after a short outage' }));
    const ev = await countsDelivery(rec, from, knockMs * 3, 'the delivery after a short outage');
    console.log(`carol: down → exact counts ${ev.at - down} ms (knock every ${knockMs} ms, backoff 60 s)`);
  });
});
