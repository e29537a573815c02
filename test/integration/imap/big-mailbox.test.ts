/**
 * A 5,000-message mailbox syncs with a number of FETCHed envelopes that does not depend on its
 * size: the snapshot fetches the newest 50 unread, the same as for a 500-message mailbox, and a
 * delta after one delivery fetches one. Counted on the wire through imapflow's log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import type { SeedMessage } from '../../harness/maildir-seed';
import { accountFor, Recorder } from './helpers';

/** Server lines seen per connection id, and how many were FETCH responses carrying an ENVELOPE. */
class WireCounter {
  envelopes = 0;
  bytes = 0;
  constructor(private readonly user: string) {}
  sink = (_level: string, e: Record<string, unknown>) => {
    if (e.src !== 's' || !String(e.cid ?? '').endsWith(`acct-${this.user}`)) return;
    const msg = String(e.msg ?? '');
    this.bytes += msg.length + 2;
    if (/^\* \d+ FETCH \(.*ENVELOPE/.test(msg)) this.envelopes += 1;
  };
  reset() {
    this.envelopes = 0;
    this.bytes = 0;
  }
}

function mailbox(n: number, tag: string): SeedMessage[] {
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    raw: buildMessage({
      subject: `${tag} ${i + 1}`,
      date: new Date(start + i * 60_000),
      text: `Body of message ${i + 1}.`,
    }),
    // Every tenth message unread.
    flags: i % 10 === 9 ? [] : ['\\Seen'],
  }));
}

describe.skipIf(!requireDovecot())('IMAP sync cost does not grow with the mailbox', () => {
  let dc: Dovecot;
  const drivers: AccountDriver[] = [];

  beforeAll(async () => {
    dc = await startDovecot({ users: ['big', 'small'].map((user) => ({ user, password: 'pw' })), quotaMB: 100 });
    const t0 = Date.now();
    dc.seed('big', 'INBOX', mailbox(5000, 'big'));
    dc.seed('small', 'INBOX', mailbox(500, 'small'));
    console.log(`seeded 5,500 messages in ${Date.now() - t0} ms`);
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.stop()));
    await dc?.destroy();
  });

  async function snapshotOf(user: string) {
    const wire = new WireCounter(user);
    const rec = new Recorder();
    const driver = createImapDriverFactory({ wireLog: wire.sink }).create(accountFor(dc, user), 'pw', rec);
    drivers.push(driver);
    const t0 = Date.now();
    driver.start();
    const snap = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0, () => true, 30_000);
    return { snap, wire, rec, driver, ms: snap.at - t0 };
  }

  it('snapshots of 5,000 and 500 messages fetch the same 50 envelopes', async () => {
    const big = await snapshotOf('big');
    const small = await snapshotOf('small');
    for (const [name, r] of [
      ['5,000', big],
      ['500', small],
    ] as const) {
      console.log(
        `${name} messages: snapshot in ${r.ms} ms (first login indexes the maildir), ` +
          `${r.wire.envelopes} envelopes fetched, ${r.wire.bytes} bytes read`,
      );
    }
    expect(big.snap.mailbox).toMatchObject({ total: 5000, unseen: 500 });
    expect(small.snap.mailbox).toMatchObject({ total: 500, unseen: 50 });
    expect(big.snap.messages).toHaveLength(50);
    expect(big.snap.messages[0].subject).toBe('big 5000');
    expect(big.snap.messages.at(-1)?.subject).toBe('big 4510');
    expect(big.snap.messages[0].snippet).toBe('Body of message 5000.');
    expect(big.wire.envelopes).toBe(50);
    expect(small.wire.envelopes).toBe(50);

    // A later resync costs the same; a delivery costs one envelope.
    big.wire.reset();
    await big.driver.resync();
    console.log(`5,000 messages: resync ${big.wire.envelopes} envelopes, ${big.wire.bytes} bytes`);
    expect(big.wire.envelopes).toBe(50);
    big.wire.reset();
    const from = big.rec.events.length;
    await dc.deliver('big', buildMessage({ subject: 'one more' }));
    const ev = await big.rec.waitMailbox('mailbox.delta', 'INBOX', from);
    console.log(`5,000 messages: delta after one delivery ${big.wire.envelopes} envelope(s), ${big.wire.bytes} bytes`);
    expect(ev.added.map((h) => h.subject)).toEqual(['one more']);
    expect(ev.mailbox).toMatchObject({ total: 5001, unseen: 501 });
    expect(big.wire.envelopes).toBe(1);
  });
});
