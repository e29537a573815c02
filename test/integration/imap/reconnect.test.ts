/**
 * Resilience: Dovecot stopped and started → reconnect with a QRESYNC delta and exact counts;
 * Dovecot SIGKILLed (a drop without BYE) and restarted → reconnect with exact counts;
 * UIDVALIDITY reset → fresh snapshot; wrong password → authFailed and no retry storm.
 */
import { readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

const factory = createImapDriverFactory({ backoff: { baseMs: 300, maxMs: 2_000 } });

describe.skipIf(!requireDovecot())('IMAP reconnect and resync', () => {
  let dc: Dovecot;
  const drivers: AccountDriver[] = [];
  const peer = (user: string) => ({ host: dc.host, port: dc.ports.imap, user, password: 'pw' });
  const serverCounts = (user: string, box: string) =>
    withPeer(peer(user), (c) => c.status(box, { messages: true, unseen: true }));

  /** The maildir file of the message with `subject` in alice's INBOX (new/ or cur/). */
  function fileOf(subject: string): string {
    for (const sub of ['new', 'cur']) {
      const d = join(dc.dir, 'mail', 'alice', 'Maildir', sub);
      // Dovecot stores maildir files with LF line ends.
      const name = readdirSync(d).find((f) =>
        readFileSync(join(d, f), 'utf8').replace(/\r/g, '').includes(`Subject: ${subject}\n`),
      );
      if (name) return join(d, name);
    }
    throw new Error(`no file for ${subject}`);
  }

  /** Mark a message read the way another maildir program would: the S flag in its name. */
  function markSeenInMaildir(subject: string): void {
    const file = fileOf(subject);
    const base = file
      .split('/')
      .pop()!
      .replace(/:2,.*$/, '');
    renameSync(file, join(dc.dir, 'mail', 'alice', 'Maildir', 'cur', `${base}:2,S`));
  }

  beforeAll(async () => {
    dc = await startDovecot({ users: ['alice', 'bob', 'eve', 'kim'].map((user) => ({ user, password: 'pw' })) });
    for (let i = 1; i <= 4; i++) await dc.deliver('alice', buildMessage({ subject: `a${i}` }));
    for (let i = 1; i <= 2; i++) await dc.deliver('bob', buildMessage({ subject: `w${i}` }), 'Work');
    for (let i = 1; i <= 3; i++) await dc.deliver('kim', buildMessage({ subject: `k${i}` }));
  });
  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.stop()));
    await dc?.destroy();
  });

  it('Dovecot stopped and started → reconnects, sends only a delta, counts match the server', async () => {
    const rec = new Recorder();
    const driver = factory.create(accountFor(dc, 'alice'), 'pw', rec);
    drivers.push(driver);
    driver.start();
    await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    await dc.stop();
    await rec.waitFor(() => rec.states.some((s) => s.state === 'reconnecting'), 10_000, 'reconnecting');
    // While the server is down: one message arrives (as an MTA drops it into the maildir), one is
    // read elsewhere (flag in the file name), one is deleted.
    const from = rec.events.length;
    let t0 = 0;
    try {
      dc.seed('alice', 'INBOX', [{ raw: buildMessage({ subject: 'while down' }) }]);
      markSeenInMaildir('a2');
      unlinkSync(fileOf('a3'));
    } finally {
      t0 = Date.now();
      await dc.start(); // also when the maildir edits fail, so later tests have a server
    }
    const ev = await rec.waitMailbox('mailbox.delta', 'INBOX', from, () => true, 15_000);
    console.log(`server back → delta after ${ev.at - t0} ms; states: ${rec.states.map((s) => s.state).join(' → ')}`);
    expect(rec.of('mailbox.snapshot', from)).toEqual([]);
    expect(ev.added.map((h) => h.subject)).toEqual(['while down']);
    expect(ev.removed).toEqual(['3']);
    expect(ev.flags).toEqual([{ uid: '2', flags: ['\\Seen'] }]);
    expect(ev.mailbox).toMatchObject({ total: 4, unseen: 3 });
    expect(await serverCounts('alice', 'INBOX')).toMatchObject({ messages: 4, unseen: 3 });
    // The delta may come before `connected`: with QRESYNC it is sent while push opens.
    await rec.waitFor(() => rec.states.at(-1)?.state === 'connected', 10_000, 'connected');
  });

  it('Dovecot SIGKILLed (no BYE) and restarted → reconnects with exact counts', async () => {
    const rec = new Recorder();
    const driver = factory.create(accountFor(dc, 'kim'), 'pw', rec);
    drivers.push(driver);
    driver.start();
    await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    await withPeer(peer('kim'), async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd({ subject: 'k1' }, ['\\Seen']);
    });
    await rec.waitMailbox('mailbox.delta', 'INBOX', 0, (d) => d.mailbox.unseen === 2);
    // A crash: no BYE on either connection, the kernel just closes the sockets.
    await dc.kill();
    await rec.waitFor(() => rec.states.some((s) => s.state === 'reconnecting'), 10_000, 'reconnecting');
    const from = rec.events.length;
    const fromState = rec.states.length;
    try {
      // Delivered while the server was down, as an MTA writes it into the maildir.
      dc.seed('kim', 'INBOX', [{ raw: buildMessage({ subject: 'while killed' }) }]);
    } finally {
      await dc.start(); // also when seeding fails, so later tests have a server
    }
    const counted = await rec.waitFor(
      () =>
        [...rec.of('mailbox.delta', from), ...rec.of('mailbox.snapshot', from)].find(
          (e) => e.mailbox.path === 'INBOX' && e.mailbox.total === 4,
        ),
      15_000,
      'INBOX with the message delivered while down',
    );
    expect(counted.mailbox).toMatchObject({ total: 4, unseen: 3 });
    expect(await serverCounts('kim', 'INBOX')).toMatchObject({ messages: 4, unseen: 3 });
    await rec.waitFor(() => rec.states.at(-1)?.state === 'connected', 10_000, 'connected');
    expect(rec.states.slice(fromState).map((s) => s.state)).toContain('connected');
    // And push works again on the new connections.
    const next = rec.events.length;
    await dc.deliver('kim', buildMessage({ subject: 'after restart' }));
    const ev = await rec.waitMailbox('mailbox.delta', 'INBOX', next, (d) =>
      d.added.some((h) => h.subject === 'after restart'),
    );
    expect(ev.mailbox).toMatchObject({ total: 5, unseen: 4 });
  });

  it('UIDVALIDITY reset (folder deleted and recreated) → fresh snapshot', async () => {
    const rec = new Recorder();
    const driver = factory.create(accountFor(dc, 'bob', { watchedFolders: ['INBOX', 'Work'] }), 'pw', rec);
    drivers.push(driver);
    driver.start();
    const first = await rec.waitMailbox('mailbox.snapshot', 'Work', 0);
    expect(first.mailbox.total).toBe(2);
    const from = rec.events.length;
    await withPeer(peer('bob'), async (c) => {
      await c.mailboxDelete('Work');
      await c.mailboxCreate('Work');
    });
    await dc.deliver('bob', buildMessage({ subject: 'fresh' }), 'Work');
    const snap = await rec.waitMailbox('mailbox.snapshot', 'Work', from, (d) => d.mailbox.total === 1);
    expect(snap.mailbox.uidValidity).not.toBe(first.mailbox.uidValidity);
    expect(snap.messages.map((m) => [m.uid, m.subject])).toEqual([['1', 'fresh']]);
  });

  it('wrong password → authFailed, and no retry storm', async () => {
    const rec = new Recorder();
    const logins = () => (dc.log().match(/imap-login: Info: Disconnected.*auth failed.*user=<eve>/g) ?? []).length;
    const driver = factory.create(accountFor(dc, 'eve'), 'wrong', rec);
    drivers.push(driver);
    driver.start();
    const st = await rec.waitFor(() => rec.states.find((s) => s.state === 'authFailed'), 10_000, 'authFailed');
    expect(st.detail).toMatch(/auth/i);
    await new Promise((r) => setTimeout(r, 3_000));
    const attempts = logins();
    console.log(
      `wrong password: ${attempts} failed login(s) in 3 s; states: ${rec.states.map((s) => s.state).join(' → ')}`,
    );
    expect(attempts).toBe(1);
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'authFailed']);
  });
});
