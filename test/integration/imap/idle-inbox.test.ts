/**
 * IDLE sits on INBOX whatever the order of the watched list (docs/architecture.md "Push first"): with
 * watched ['Work', 'INBOX'] the push connection selects INBOX, a delivery there arrives through
 * IDLE (Dovecot's ~500 ms push floor, well under 2 s), and Work is covered by NOTIFY — or, on a
 * server without NOTIFY, by STATUS polling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

/** Dovecot's own list minus NOTIFY (RFC 5465), so the other folders must be polled. */
const NO_NOTIFY =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS SPECIAL-USE UNSELECT CONDSTORE QRESYNC MOVE';
/** Long enough that a polled INBOX could not answer within the 2 s IDLE bound. */
const POLL_MS = 4_000;

const SERVERS = [
  { name: 'NOTIFY', extraConfig: undefined, workWithinMs: 2_000 },
  {
    name: 'no NOTIFY (polling)',
    extraConfig: `protocol imap {\n  imap_capability = ${NO_NOTIFY}\n}`,
    workWithinMs: POLL_MS + 3_000,
  },
];

describe.skipIf(!requireDovecot()).each(SERVERS)(
  'IDLE on INBOX, server with $name',
  ({ extraConfig, workWithinMs }) => {
    let dc: Dovecot;
    let driver: AccountDriver;
    const rec = new Recorder();
    /** Commands the push connection sent. */
    const pushSent: string[] = [];

    beforeAll(async () => {
      dc = await startDovecot({ users: [{ user: 'alice', password: 'pw' }], extraConfig });
      await dc.deliver('alice', buildMessage({ subject: 'inbox seed' }));
      await dc.deliver('alice', buildMessage({ subject: 'work seed' }), 'Work');
      const factory = createImapDriverFactory({
        pollIntervalMs: POLL_MS,
        wireLog: (_l, e) => {
          if (e.src === 'c' && String(e.cid).startsWith('push-')) pushSent.push(String(e.msg));
        },
      });
      driver = factory.create(accountFor(dc, 'alice', { watchedFolders: ['Work', 'INBOX'] }), 'pw', rec);
      driver.start();
      await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
      await rec.waitMailbox('mailbox.snapshot', 'Work', 0);
    });
    afterAll(async () => {
      await driver?.stop();
      await dc?.destroy();
    });

    it('the push connection selects INBOX, not the first folder of the list', () => {
      const opened = pushSent.filter((m) => /^\S+ (SELECT|EXAMINE) /i.test(m));
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatch(/^\S+ (SELECT|EXAMINE) "?INBOX"?/i);
    });

    it('a delivery to INBOX arrives through IDLE in under 2 s', async () => {
      for (let i = 0; i < 3; i++) {
        const from = rec.events.length;
        const subject = `inbox ${i}`;
        const t0 = Date.now();
        await dc.deliver('alice', buildMessage({ subject }));
        const ev = await rec.waitMailbox(
          'mailbox.delta',
          'INBOX',
          from,
          (d) => d.added.some((h) => h.subject === subject),
          2_000,
        );
        expect(ev.at - t0).toBeLessThan(2_000);
        expect(ev.mailbox.total).toBe(2 + i);
      }
    });

    it('a delivery to Work arrives too', async () => {
      const from = rec.events.length;
      const t0 = Date.now();
      await dc.deliver('alice', buildMessage({ subject: 'work new' }), 'Work');
      const ev = await rec.waitMailbox(
        'mailbox.delta',
        'Work',
        from,
        (d) => d.added.some((h) => h.subject === 'work new'),
        workWithinMs,
      );
      console.log(`delivery → event, Work: ${ev.at - t0} ms`);
      expect(ev.mailbox.total).toBe(2);
    });
  },
);
