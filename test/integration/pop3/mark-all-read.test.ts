/**
 * "Mark all read" on a POP3 maildrop (Dovecot): every UIDL the bridge lists joins the virtual
 * \Seen set, beyond the 50 previews; mail that arrives later is unread; the read set survives a
 * restart of the driver. POP3 UIDLs have no order, so `upToUid` is ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, USER } from './helpers';

const factory = createPop3DriverFactory({ timeouts: { idleTimeoutMs: 5_000 } });
const INBOX = { mailbox: 'INBOX', uidValidity: '0' };

describe.skipIf(!requireDovecot())('POP3 mark all read', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    dc.seed(
      USER,
      'INBOX',
      Array.from({ length: 60 }, (_, i) => ({ raw: buildMessage({ subject: `old ${i + 1}` }) })),
    );
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('marks every listed message read, keeps later mail unread, and survives a restart', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    const snap = rec.of('mailbox.snapshot')[0];
    expect(snap.mailbox).toMatchObject({ total: 60, unseen: 60 });
    expect(snap.messages).toHaveLength(50);

    let st = await driver.markAllRead(INBOX, 'm1');
    expect(st).toMatchObject({ path: 'INBOX', total: 60, unseen: 0 });
    const delta = rec.of('mailbox.delta').at(-1)!;
    expect(delta).toMatchObject({ added: [], removed: [], mailbox: { unseen: 0 } });
    expect(delta.flags).toHaveLength(60);
    expect(delta.flags.every((f) => f.flags.length === 1 && f.flags[0] === '\\Seen')).toBe(true);

    // A replay changes nothing and reports nothing.
    const events = rec.events.length;
    st = await driver.markAllRead(INBOX, 'm1');
    expect(st).toMatchObject({ total: 60, unseen: 0 });
    expect(rec.events.length).toBe(events);

    await dc.deliver(USER, buildMessage({ subject: 'after the click' }));
    await driver.refresh();
    expect(rec.of('mailbox.delta').at(-1)).toMatchObject({
      added: [expect.objectContaining({ subject: 'after the click', flags: [] })],
      mailbox: { total: 61, unseen: 1 },
    });
    await driver.stop();

    // Another driver on the same state folder (a restarted bridge): the read set is on disk.
    const rec2 = record(rec.ctx.stateDir);
    const again = factory.create(accountFor(dc), PASSWORD, rec2.ctx);
    again.start();
    await rec2.until(() => rec2.of('mailbox.snapshot').length === 1);
    const snap2 = rec2.of('mailbox.snapshot')[0];
    expect(snap2.mailbox).toMatchObject({ total: 61, unseen: 1 });
    expect(snap2.messages.map((m) => m.subject)).toEqual(['after the click']);

    // upToUid means nothing to POP3: the call still marks every listed UIDL.
    st = await again.markAllRead({ ...INBOX, upToUid: '1' }, 'm2');
    expect(st).toMatchObject({ total: 61, unseen: 0 });
    await expect(again.markAllRead({ ...INBOX, uidValidity: '7' }, 'm3')).rejects.toMatchObject({
      code: ErrorCode.MessageGone,
    });
    await again.stop();
  });

  it('lists the maildrop first when asked before the first poll finished', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    await dc.deliver(USER, buildMessage({ subject: 'one more' }));
    // Not started: no poll has run, so the driver must list the maildrop before marking it.
    const st = await driver.markAllRead(INBOX, 'm4');
    expect(st).toMatchObject({ total: 62, unseen: 0 });
    await driver.stop();
  });
});
