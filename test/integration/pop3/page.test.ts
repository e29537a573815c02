/**
 * `mailbox.page` on a POP3 maildrop (Dovecot): pages of older unread messages from the snapshot's
 * oldest UIDL back to the first message, skipping those read through the virtual \Seen; the
 * messages beyond the snapshot's previews are TOPped in a session that deletes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import type { MessageHeader } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, USER } from './helpers';

const factory = createPop3DriverFactory({ timeouts: { idleTimeoutMs: 5_000 } });
const INBOX = { mailbox: 'INBOX', uidValidity: '0' };
const COUNT = 180;

describe.skipIf(!requireDovecot())('POP3 mailbox.page', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    dc.seed(
      USER,
      'INBOX',
      Array.from({ length: COUNT }, (_, i) => ({ raw: buildMessage({ subject: `pop ${i + 1}` }) })),
    );
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('lists every unread message once, oldest last, and leaves the maildrop as it was', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    const snap = rec.of('mailbox.snapshot')[0];
    expect(snap.messages).toHaveLength(50);
    expect(snap.messages[0].subject).toBe(`pop ${COUNT}`);

    // Read two of the older ones (virtual \Seen): paging skips them.
    const first = await driver.page({ ...INBOX, limit: 100 });
    const older = first.messages.slice(50);
    for (const m of older.slice(0, 2))
      await driver.act({ accountId: 'pop-1', ...INBOX, uid: m.uid }, 'markRead', m.uid);

    const listed: MessageHeader[] = [...snap.messages];
    let before = snap.messages.at(-1)?.uid;
    for (let more = true; more;) {
      const page = await driver.page({ ...INBOX, before, limit: 40 });
      expect(page.mailbox).toMatchObject({ total: COUNT, unseen: COUNT - 2 });
      expect(page.messages.every((m) => m.flags.length === 0)).toBe(true);
      listed.push(...page.messages);
      before = page.messages.at(-1)?.uid ?? before;
      more = page.more;
    }
    const subjects = listed.map((m) => m.subject);
    const read = new Set(older.slice(0, 2).map((m) => m.subject));
    const expected = Array.from({ length: COUNT }, (_, i) => `pop ${COUNT - i}`).filter((s) => !read.has(s));
    expect(subjects).toEqual(expected);
    // Every header was read with TOP: subjects and snippets of messages never previewed by a poll.
    expect(listed.at(-1)).toMatchObject({ subject: 'pop 1' });

    // Nothing was deleted: a fresh poll still lists every message.
    await driver.refresh();
    const counts = rec.of('mailbox.delta').at(-1)?.mailbox ?? rec.of('mailbox.snapshot').at(-1)?.mailbox;
    expect(counts).toMatchObject({ total: COUNT });
    await driver.stop();
  });

  it('a cursor the maildrop no longer lists starts again at the newest', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    const page = await driver.page({ ...INBOX, before: 'no-such-uidl', limit: 5 });
    expect(page.messages.map((m) => m.uid)).toEqual(
      rec
        .of('mailbox.snapshot')[0]
        .messages.slice(0, 5)
        .map((m) => m.uid),
    );
    expect(page.more).toBe(true);
    await driver.stop();
  });
});
