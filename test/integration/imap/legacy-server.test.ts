/**
 * Servers with fewer extensions than Dovecot: CONDSTORE without QRESYNC (RFC 7162), and a bare
 * IMAP4rev1 + IDLE server. Without QRESYNC the driver cannot ask for "changes since" and falls back
 * to snapshots; the counts must stay the server's all the same, through pushes, another client's
 * flags and a server restart. Also: IDLE is re-issued on its period (RFC 2177) and push still works
 * after each renewal. Extensions are hidden by overriding Dovecot's advertised capabilities.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import type { MailboxStatus } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

const BASE = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ NAMESPACE UIDPLUS SPECIAL-USE UNSELECT';
const SERVERS = [
  { name: 'CONDSTORE without QRESYNC', caps: `${BASE} CONDSTORE MOVE` },
  { name: 'bare IMAP4rev1 + IDLE', caps: BASE },
];
/** Short enough to see several renewals in a test; production uses 10 minutes. */
const IDLE_PERIOD_MS = 700;

describe.skipIf(!requireDovecot()).each(SERVERS)('IMAP server with $name', ({ caps }) => {
  let dc: Dovecot;
  let driver: AccountDriver;
  let rec: Recorder;
  const sent: string[] = [];

  /** The newest INBOX status the driver reported (snapshot or delta) after event index `from`. */
  const inboxAfter = (from: number, accept: (s: MailboxStatus) => boolean, what: string) =>
    rec.waitFor(
      () =>
        [...rec.of('mailbox.snapshot', from), ...rec.of('mailbox.delta', from)]
          .filter((e) => e.mailbox.path === 'INBOX')
          .map((e) => e.mailbox)
          .find(accept),
      15_000,
      what,
    );
  const serverUnseen = () =>
    withPeer({ host: dc.host, port: dc.ports.imap, user: 'alice', password: 'pw' }, async (c) => {
      const st = await c.status('INBOX', { unseen: true, messages: true });
      return st ? { unseen: st.unseen, total: st.messages } : undefined;
    });

  beforeAll(async () => {
    dc = await startDovecot({
      users: [{ user: 'alice', password: 'pw' }],
      extraConfig: `protocol imap {\n  imap_capability = ${caps}\n}`,
    });
    for (let i = 0; i < 3; i++) await dc.deliver('alice', buildMessage({ subject: `seed ${i}` }));
    rec = new Recorder();
    const factory = createImapDriverFactory({
      maxIdleMs: IDLE_PERIOD_MS,
      backoff: { baseMs: 100, maxMs: 500 },
      wireLog: (_l, e) => {
        if (e.src === 'c') sent.push(String(e.msg));
      },
    });
    driver = factory.create(accountFor(dc, 'alice'), 'pw', rec);
    driver.start();
    await inboxAfter(0, (s) => s.unseen === 3, 'first snapshot');
  });
  afterAll(async () => {
    await driver?.stop();
    await dc?.destroy();
  });

  it('does not use what the server does not offer', () => {
    expect(sent.filter((m) => /QRESYNC|CHANGEDSINCE|NOTIFY/i.test(m))).toEqual([]);
  });

  it('re-issues IDLE on its period and still pushes a delivery after the renewals', async () => {
    const idles = () => sent.filter((m) => /^\S+ IDLE\b/.test(m)).length;
    const before = idles();
    await new Promise((r) => setTimeout(r, IDLE_PERIOD_MS * 4));
    expect(idles() - before).toBeGreaterThanOrEqual(3);
    const from = rec.events.length;
    const t0 = Date.now();
    await dc.deliver('alice', buildMessage({ subject: 'after renewals' }));
    await inboxAfter(from, (s) => s.unseen === 4 && s.total === 4, 'push after IDLE renewals');
    console.log(`${caps.includes('CONDSTORE') ? 'CONDSTORE only' : 'bare'}: delivery → event ${Date.now() - t0} ms`);
  });

  it("another client's \\Seen lowers the count", async () => {
    const from = rec.events.length;
    await withPeer({ host: dc.host, port: dc.ports.imap, user: 'alice', password: 'pw' }, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd({ subject: 'seed 0' }, ['\\Seen']);
    });
    await inboxAfter(from, (s) => s.unseen === 3, 'count after another client read one');
    expect(await serverUnseen()).toEqual({ unseen: 3, total: 4 });
  });

  it('after a server restart, resyncs to the exact counts (changes made while it was away included)', async () => {
    const from = rec.events.length;
    await dc.stop();
    await dc.start();
    // Changed while the driver was reconnecting: one new message, one more read.
    await dc.deliver('alice', buildMessage({ subject: 'while away' }));
    await withPeer({ host: dc.host, port: dc.ports.imap, user: 'alice', password: 'pw' }, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd({ subject: 'seed 1' }, ['\\Seen']);
    });
    const expected = await serverUnseen();
    expect(expected).toEqual({ unseen: 3, total: 5 });
    await inboxAfter(from, (s) => s.unseen === 3 && s.total === 5, 'exact counts after the restart');
  });
});
