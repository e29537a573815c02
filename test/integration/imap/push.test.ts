/**
 * Watching: snapshot on connect, LDA delivery → delta for INBOX (IDLE) and for a second folder
 * (NOTIFY), with the delivery → event delay measured; flags and expunges by another client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder, stats } from './helpers';

describe.skipIf(!requireDovecot())('IMAP push', () => {
  let dc: Dovecot;
  let rec: Recorder;
  let driver: AccountDriver;
  const peer = () => ({ host: dc.host, port: dc.ports.imap, user: 'alice', password: 'pw' });

  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: 'alice', password: 'pw' }] });
    await dc.deliver(
      'alice',
      buildMessage({ subject: 'before start', text: 'Hello Alice, this is the first message.' }),
    );
    await dc.deliver('alice', buildMessage({ subject: 'in work' }), 'Work');
    rec = new Recorder();
    driver = imapDriverFactory.create(accountFor(dc, 'alice', { watchedFolders: ['INBOX', 'Work'] }), 'pw', rec);
    driver.start();
  });
  afterAll(async () => {
    await driver?.stop();
    await dc?.destroy();
  });

  it('emits a snapshot per watched mailbox on connect', async () => {
    const inbox = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    const work = await rec.waitMailbox('mailbox.snapshot', 'Work', 0);
    // With QRESYNC, snapshots may go out on the work connection while push is still opening.
    await rec.waitFor(() => rec.states.at(-1)?.state === 'connected', 10_000, 'connected');
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(inbox.mailbox).toMatchObject({ total: 1, unseen: 1 });
    const quota = await rec.waitMailbox('mailbox.delta', 'INBOX', 0, (d) => d.mailbox.quota !== undefined);
    expect(quota.mailbox.quota?.limit).toBe(10 * 1024 * 1024);
    expect(inbox.mailbox.highestModseq).toMatch(/^\d+$/);
    expect(inbox.mailbox.uidValidity).toMatch(/^\d+$/);
    expect(inbox.messages).toHaveLength(1);
    expect(inbox.messages[0]).toMatchObject({ uid: '1', subject: 'before start', hasAttachments: false });
    expect(inbox.messages[0].snippet).toBe('Hello Alice, this is the first message.');
    expect(work.mailbox).toMatchObject({ total: 1, unseen: 1 });
  });

  for (const folder of ['INBOX', 'Work']) {
    it(`delivery through LDA to ${folder} → delta with the new header`, async () => {
      const delays: number[] = [];
      for (let i = 0; i < 12; i++) {
        const from = rec.events.length;
        const subject = `${folder} push ${i}`;
        const t0 = Date.now();
        await dc.deliver('alice', buildMessage({ subject }), folder === 'INBOX' ? undefined : folder);
        const ev = await rec.waitMailbox('mailbox.delta', folder, from, (d) =>
          d.added.some((h) => h.subject === subject),
        );
        delays.push(ev.at - t0);
        expect(ev.mailbox.total).toBe(2 + i);
      }
      const s = stats(delays);
      console.log(
        `delivery → event, ${folder}: median ${s.median} ms, p95 ${s.p95} ms (min ${s.min}, max ${s.max}, n=${delays.length})`,
      );
    });
  }

  it('\\Seen set by another client → delta with flags and the new unseen count', async () => {
    const from = rec.events.length;
    await withPeer(peer(), async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd('1', ['\\Seen'], { uid: true });
    });
    const ev = await rec.waitMailbox('mailbox.delta', 'INBOX', from, (d) => d.flags.some((f) => f.uid === '1'));
    expect(ev.flags.find((f) => f.uid === '1')?.flags).toContain('\\Seen');
    expect(ev.mailbox).toMatchObject({ total: 13, unseen: 12 });
  });

  it('expunge by another client in a NOTIFY folder → delta with removed UIDs', async () => {
    const from = rec.events.length;
    await withPeer(peer(), async (c) => {
      await c.mailboxOpen('Work');
      await c.messageDelete('1:2', { uid: true });
    });
    const ev = await rec.waitMailbox('mailbox.delta', 'Work', from, (d) => d.removed.length > 0);
    expect(ev.removed.sort()).toEqual(['1', '2']);
    expect(ev.mailbox.total).toBe(11);
  });
});
