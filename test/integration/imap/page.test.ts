/**
 * `mailbox.page` on IMAP: "Show older" reaches every unread message of a mailbox far past the
 * snapshot's newest 50, page by page, on Dovecot with every extension and with only what
 * IMAP4rev1 guarantees (no CONDSTORE, QRESYNC, ESEARCH, UIDPLUS, MOVE, SPECIAL-USE). Paging
 * reads only: no message becomes \Seen, and a message marked \Deleted is never listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { fitPage } from '../../../src/bridge/native/event-budget';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import { ErrorCode, MAX_PAGE_SIZE, type MessageHeader } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

const MINIMAL = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE';
const SERVERS = [
  { name: 'Dovecot with every extension', caps: undefined },
  { name: 'IMAP4rev1 only (no CONDSTORE, QRESYNC, ESEARCH, UIDPLUS, MOVE, SPECIAL-USE)', caps: MINIMAL },
];
const COUNT = 1000;

describe.skipIf(!requireDovecot()).each(SERVERS)('IMAP mailbox.page: $name', ({ caps }) => {
  let dc: Dovecot;
  let driver: AccountDriver;
  let uidValidity: string;
  let snapshot: MessageHeader[];
  const peer = () => ({ host: dc.host, port: dc.ports.imap, user: 'pat', password: 'pw' });

  /** UIDs the server itself calls unseen and not \Deleted, newest first. */
  const serverUnseen = () =>
    withPeer(peer(), async (c) => {
      await c.mailboxOpen('INBOX', { readOnly: true });
      const uids = (await c.search({ seen: false, deleted: false }, { uid: true })) || [];
      return uids.sort((a, b) => b - a).map(String);
    });

  beforeAll(async () => {
    dc = await startDovecot({
      users: [{ user: 'pat', password: 'pw' }],
      ...(caps ? { extraConfig: `protocol imap {\n  imap_capability = ${caps}\n}` } : {}),
    });
    const start = Date.UTC(2025, 0, 1);
    dc.seed(
      'pat',
      'INBOX',
      Array.from({ length: COUNT }, (_, i) => ({
        raw: buildMessage({ subject: `older ${i + 1}`, date: new Date(start + i * 60_000), text: `Body ${i + 1}` }),
        // Every fifth read, and one unread message another client marked \Deleted.
        flags: i % 5 === 4 ? ['\\Seen'] : i === 100 ? ['\\Deleted'] : [],
      })),
    );
    const rec = new Recorder();
    driver = createImapDriverFactory().create(accountFor(dc, 'pat'), 'pw', rec);
    driver.start();
    const snap = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0, () => true, 60_000);
    uidValidity = snap.mailbox.uidValidity;
    snapshot = snap.messages;
  }, 90_000);
  afterAll(async () => {
    await driver?.stop();
    await dc?.destroy();
  });

  it('pages from the oldest snapshot header to the first message, each unread message once', async () => {
    const expected = await serverUnseen();
    expect(expected).toHaveLength(COUNT - COUNT / 5 - 1);
    expect(snapshot).toHaveLength(50);
    const listed = snapshot.map((h) => h.uid);
    let before = listed.at(-1);
    let pages = 0;
    let largest = 0;
    for (let more = true; more; pages++) {
      const page = fitPage(await driver.page({ mailbox: 'INBOX', uidValidity, before, limit: MAX_PAGE_SIZE }));
      largest = Math.max(largest, Buffer.byteLength(JSON.stringify(page)));
      const uids = page.messages.map((m) => m.uid);
      // Newest first, all below the cursor, all unread.
      expect(uids).toEqual([...uids].sort((a, b) => Number(b) - Number(a)));
      expect(uids.every((u) => Number(u) < Number(before))).toBe(true);
      expect(page.messages.every((m) => !m.flags.includes('\\Seen'))).toBe(true);
      expect(page.mailbox).toMatchObject({ path: 'INBOX', total: COUNT, unseen: expected.length });
      listed.push(...uids);
      before = uids.at(-1) ?? before;
      more = page.more;
      if (more) expect(uids).toHaveLength(MAX_PAGE_SIZE);
    }
    expect(listed).toEqual(expected);
    expect(pages).toBe(Math.ceil((expected.length - 50) / MAX_PAGE_SIZE));
    console.log(`${caps ? 'IMAP4rev1 only' : 'full'}: ${pages} pages, largest reply ${largest} bytes`);
    expect(largest).toBeLessThan(100_000);
    // Reading pages set no flag.
    expect(await serverUnseen()).toEqual(expected);
  });

  it('a page starts at the newest without a cursor and is empty below UID 1', async () => {
    const first = await driver.page({ mailbox: 'INBOX', uidValidity, limit: 10 });
    expect(first.messages.map((m) => m.uid)).toEqual(snapshot.slice(0, 10).map((m) => m.uid));
    expect(first.more).toBe(true);
    const none = await driver.page({ mailbox: 'INBOX', uidValidity, before: '1', limit: 10 });
    expect(none).toMatchObject({ messages: [], more: false });
  });

  it('an old UIDVALIDITY answers MAILBOX_CHANGED', async () => {
    await expect(
      driver.page({ mailbox: 'INBOX', uidValidity: String(Number(uidValidity) + 1), limit: 10 }),
    ).rejects.toMatchObject({ code: ErrorCode.MailboxChanged });
  });
});
