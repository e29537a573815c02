/**
 * "Mark all read" on a POP3 maildrop (Dovecot): every UIDL the bridge lists joins the virtual
 * \Seen set, beyond the 50 previews; mail that arrives later is unread; the read set survives a
 * restart of the driver. POP3 UIDLs have no order, so `upToUid` is ignored; `upToUidls` (the mail
 * the user saw) ends the request at the latest of them in the maildrop, even when it is replayed
 * by a bridge that was away while more mail came.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, USER } from './helpers';

const factory = createPop3DriverFactory({ timeouts: { idleTimeoutMs: 5_000 } });
const INBOX = { mailbox: 'INBOX', uidValidity: '0' };
/** A second maildrop, for the replay case: its own counts from zero. */
const LATE = 'bob';

describe.skipIf(!requireDovecot())('POP3 mark all read', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({
      users: [
        { user: USER, password: PASSWORD },
        { user: LATE, password: PASSWORD },
      ],
    });
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

  it('a replay after the bridge was away marks only up to the mail the user saw', async () => {
    dc.seed(
      LATE,
      'INBOX',
      Array.from({ length: 5 }, (_, i) => ({ raw: buildMessage({ subject: `seen ${i + 1}` }) })),
    );
    const account = accountFor(dc, { user: LATE });
    const rec = record();
    const driver = factory.create(account, PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    // What the popup held when the user clicked: the five headers, newest first.
    const seen = rec.of('mailbox.snapshot')[0].messages.map((m) => m.uid);
    expect(seen).toHaveLength(5);
    await driver.stop();

    // The bridge is away; two more messages arrive; a new bridge replays the queued action.
    await dc.deliver(LATE, buildMessage({ subject: 'while away 1' }));
    await dc.deliver(LATE, buildMessage({ subject: 'while away 2' }));
    const rec2 = record(rec.ctx.stateDir);
    const again = factory.create(account, PASSWORD, rec2.ctx);
    again.start();
    await rec2.until(() => rec2.of('mailbox.snapshot').length === 1);
    expect(rec2.of('mailbox.snapshot')[0].mailbox).toMatchObject({ total: 7, unseen: 7 });
    // Oldest first, as a list of what was seen need not be in any order.
    const st = await again.markAllRead({ ...INBOX, upToUidls: [...seen].reverse() }, 'm5');
    expect(st).toMatchObject({ total: 7, unseen: 2 });
    const marked = rec2.of('mailbox.delta').at(-1)!.flags;
    expect(marked.map((f) => f.uid).sort()).toEqual([...seen].sort());
    const unread = await again.page({ ...INBOX, limit: 10 });
    expect(unread.messages.map((m) => m.subject)).toEqual(['while away 2', 'while away 1']);

    // One named UIDL the maildrop no longer has, one it has: up to the one it has, not beyond.
    await again.stop();
    await dc.deliver(LATE, buildMessage({ subject: 'later still' }));
    const rec3 = record(rec.ctx.stateDir);
    const third = factory.create(account, PASSWORD, rec3.ctx);
    const onlyOldest = await third.markAllRead({ ...INBOX, upToUidls: ['gone-1', seen[4]] }, 'm6');
    expect(onlyOldest).toMatchObject({ total: 8, unseen: 3 });
    // None of them listed: nothing to anchor the request to, so nothing is marked.
    await expect(third.markAllRead({ ...INBOX, upToUidls: ['gone-1', 'gone-2'] }, 'm7')).rejects.toMatchObject({
      code: ErrorCode.MessageGone,
    });
    const page = await third.page({ ...INBOX, limit: 10 });
    expect(page.mailbox).toMatchObject({ total: 8, unseen: 3 });
    expect(page.messages.map((m) => m.subject)).toEqual(['later still', 'while away 2', 'while away 1']);
    await third.stop();
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
