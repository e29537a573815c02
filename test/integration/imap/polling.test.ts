/**
 * Servers without NOTIFY (RFC 5465): IDLE still pushes INBOX, and the other watched folders are
 * polled with STATUS on the work connection; `refresh()` polls at once. NOTIFY is hidden by
 * overriding Dovecot's advertised capabilities.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

const CAPS_WITHOUT_NOTIFY =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT LITERAL+ NAMESPACE UIDPLUS CONDSTORE QRESYNC ESEARCH MOVE SPECIAL-USE QUOTA UNSELECT CHILDREN';

describe.skipIf(!requireDovecot())('IMAP without NOTIFY: STATUS polling', () => {
  let dc: Dovecot;
  let driver: AccountDriver;
  let rec: Recorder;
  let notifySent = 0;

  beforeAll(async () => {
    dc = await startDovecot({
      users: [{ user: 'alice', password: 'pw' }],
      extraConfig: `protocol imap {\n  imap_capability = ${CAPS_WITHOUT_NOTIFY}\n}`,
    });
    await dc.deliver('alice', buildMessage({ subject: 'w0' }), 'Work');
    rec = new Recorder();
    const factory = createImapDriverFactory({
      pollIntervalMs: 1_500,
      wireLog: (_l, e) => {
        if (e.src === 'c' && /^\S+ NOTIFY /.test(String(e.msg))) notifySent += 1;
      },
    });
    driver = factory.create(accountFor(dc, 'alice', { watchedFolders: ['INBOX', 'Work'] }), 'pw', rec);
    driver.start();
    await rec.waitMailbox('mailbox.snapshot', 'Work', 0);
  });
  afterAll(async () => {
    await driver?.stop();
    await dc?.destroy();
  });

  it('still gets INBOX by IDLE', async () => {
    const from = rec.events.length;
    const t0 = Date.now();
    await dc.deliver('alice', buildMessage({ subject: 'i1' }));
    const ev = await rec.waitMailbox('mailbox.delta', 'INBOX', from, (d) => d.added.length > 0);
    console.log(`no NOTIFY: INBOX by IDLE after ${ev.at - t0} ms`);
    expect(ev.added[0].subject).toBe('i1');
  });

  it('polls the other folder with STATUS', async () => {
    const from = rec.events.length;
    const t0 = Date.now();
    await dc.deliver('alice', buildMessage({ subject: 'w1' }), 'Work');
    const ev = await rec.waitMailbox('mailbox.delta', 'Work', from, (d) => d.added.length > 0);
    console.log(`no NOTIFY: Work by polling (every 1.5 s) after ${ev.at - t0} ms`);
    expect(ev.added[0].subject).toBe('w1');
    expect(ev.mailbox).toMatchObject({ total: 2, unseen: 2 });
    expect(notifySent).toBe(0);
  });

  it('refresh() checks at once', async () => {
    const from = rec.events.length;
    await dc.deliver('alice', buildMessage({ subject: 'w2' }), 'Work');
    await driver.refresh();
    const ev = rec.of('mailbox.delta', from).find((d) => d.mailbox.path === 'Work');
    expect(ev?.added.map((h) => h.subject)).toEqual(['w2']);
  });
});
