/**
 * The read set is shared by every browser's bridge process (one state folder), and
 * leaveOnServer=false deletes what the user has read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, refOf, USER } from './helpers';

const factory = createPop3DriverFactory({ timeouts: { idleTimeoutMs: 5_000 } });

describe.skipIf(!requireDovecot())('POP3 read state shared between bridge processes', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    for (const subject of ['one', 'two']) await dc.deliver(USER, buildMessage({ subject }));
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it("one browser's mark-read shows in the other's next poll", async () => {
    const chrome = record();
    const firefox = record(chrome.ctx.stateDir);
    const a = factory.create(accountFor(dc), PASSWORD, chrome.ctx);
    const b = factory.create(accountFor(dc), PASSWORD, firefox.ctx);
    a.start();
    await chrome.until(() => chrome.of('mailbox.snapshot').length === 1);
    b.start();
    await firefox.until(() => firefox.of('mailbox.snapshot').length === 1);
    const uid = chrome.of('mailbox.snapshot')[0].messages[0].uid;

    await a.act(refOf(uid), 'markRead', 'r1');
    await b.refresh();
    expect(firefox.of('mailbox.delta')).toEqual([
      expect.objectContaining({ flags: [{ uid, flags: ['\\Seen'] }], mailbox: expect.objectContaining({ unseen: 1 }) }),
    ]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('leaveOnServer=false deletes read messages at the next poll', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc, { leaveOnServer: false }), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    const before = rec.of('mailbox.snapshot')[0].mailbox.total;
    const uid = rec.of('mailbox.snapshot')[0].messages[0].uid;
    await driver.act(refOf(uid), 'markRead', 'r2');
    await driver.refresh();
    expect(rec.of('mailbox.delta').at(-1)).toMatchObject({ removed: [uid], mailbox: { total: before - 1 } });
    const status = await dc.doveadm(['mailbox', 'status', '-u', USER, 'messages', 'INBOX']);
    expect(status.trim()).toMatch(new RegExp(`messages=${before - 1}$`));
    await driver.stop();
  });
});
