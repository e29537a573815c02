/**
 * The work connection must never be dead while the account says "connected": a close during
 * setup (while the push connection is still opening) and a failed keep-alive NOOP both lead to a
 * reconnect. A proxy in front of Dovecot cuts the connection or answers NOOP with NO. With
 * QRESYNC a first connect lists and a reconnect resyncs on the work connection without waiting
 * for push, and loses nothing by it.
 */
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';
import { TcpProxy, type ProxiedConnection } from './tcp-proxy';

describe.skipIf(!requireDovecot())('IMAP work connection', () => {
  let dc: Dovecot;
  let driver: AccountDriver | undefined;
  let proxy: TcpProxy | undefined;

  beforeAll(async () => {
    dc = await startDovecot({
      users: [
        { user: 'alice', password: 'pw' },
        { user: 'bob', password: 'pw' },
      ],
    });
    for (let i = 1; i <= 2; i++) await dc.deliver('alice', buildMessage({ subject: `m${i}` }));
    await dc.deliver('bob', buildMessage({ subject: 'b1' }));
  });
  afterEach(async () => {
    await driver?.stop();
    await proxy?.close();
    driver = proxy = undefined;
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('a work connection closed while the push connection opens → reconnect, then a snapshot', async () => {
    // Connection 0 is the work connection, 1 the push connection of the same attempt: cut the
    // work connection the moment the push connection arrives (once).
    proxy = new TcpProxy(
      { host: dc.host, port: dc.ports.imap },
      { onConnection: (conn, all) => void (conn.index === 1 && all[0].cut()) },
    );
    const port = await proxy.listen();
    const rec = new Recorder();
    const factory = createImapDriverFactory({ backoff: { baseMs: 100, maxMs: 500 } });
    driver = factory.create(accountFor(dc, 'alice', { port }), 'pw', rec);
    driver.start();
    const snap = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0, () => true, 10_000);
    expect(snap.mailbox).toMatchObject({ total: 2, unseen: 2 });
    // With QRESYNC the snapshot may come from the first attempt's work connection, before the cut.
    await rec.waitFor(() => rec.states.at(-1)?.state === 'connected', 10_000, 'connected again');
    expect(rec.states.map((s) => s.state)).toContain('reconnecting');
    // The connection that counts as connected is a live one.
    await expect(driver.refresh()).resolves.toBeUndefined();
    expect(proxy.connections.length).toBeGreaterThanOrEqual(4);
  });

  it('a failed keep-alive NOOP → reconnect instead of staying connected', async () => {
    let refused = 0;
    proxy = new TcpProxy(
      { host: dc.host, port: dc.ports.imap },
      {
        intercept: (chunk) => {
          const m = /^(\S+) NOOP\r\n$/i.exec(chunk);
          if (!m) return undefined;
          refused++;
          return `${m[1]} NO [UNAVAILABLE] refused by the test proxy\r\n`;
        },
      },
    );
    const port = await proxy.listen();
    const rec = new Recorder();
    const factory = createImapDriverFactory({ keepAliveMs: 300, backoff: { baseMs: 100, maxMs: 500 } });
    driver = factory.create(accountFor(dc, 'alice', { port }), 'pw', rec);
    driver.start();
    await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    const st = await rec.waitFor(
      () => rec.states.find((s) => s.state === 'reconnecting'),
      5_000,
      'reconnecting after a failed NOOP',
    );
    expect(st.detail).toMatch(/keep-alive/);
    expect(refused).toBeGreaterThanOrEqual(1);
  });

  it('a reconnect resyncs before push is up, and what came while push opened still arrives', async () => {
    // Connections 0 and 1 are the first attempt's work and push connections, 2 and 3 the
    // reconnect's. Hold the reconnect's push connection so its EXAMINE has not happened yet, and
    // its work connection until the mail "while cut" is in, so its resync cannot run before it.
    let heldWork: ProxiedConnection | undefined;
    let heldPush: ProxiedConnection | undefined;
    proxy = new TcpProxy(
      { host: dc.host, port: dc.ports.imap },
      {
        onConnection: (conn) => {
          if (conn.index === 2) heldWork = conn;
          else if (conn.index === 3) heldPush = conn;
          else return;
          conn.client.pause();
        },
      },
    );
    const port = await proxy.listen();
    const rec = new Recorder();
    driver = createImapDriverFactory({ backoff: { baseMs: 100, maxMs: 500 } }).create(
      accountFor(dc, 'alice', { port }),
      'pw',
      rec,
    );
    driver.start();
    await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    const p = proxy;
    p.connections.slice(0, 2).forEach((c) => c.cut());
    await rec.waitFor(() => rec.states.some((s) => s.state === 'reconnecting'), 5_000, 'reconnecting');
    const from = rec.events.length;
    await dc.deliver('alice', buildMessage({ subject: 'while cut' }));
    await rec.waitFor(() => heldWork, 5_000, 'the reconnect');
    heldWork!.client.resume();
    const resync = await rec.waitMailbox('mailbox.delta', 'INBOX', from, (d) => d.added.length > 0, 10_000);
    expect(resync.added.map((h) => h.subject)).toEqual(['while cut']);
    expect(heldPush).toBeDefined();
    expect(rec.states.at(-1)?.state).toBe('reconnecting');

    // Delivered before push has opened INBOX: IDLE will not report it; the delta asked for once
    // push is up must.
    const between = rec.events.length;
    await dc.deliver('alice', buildMessage({ subject: 'before push opened' }));
    heldPush!.client.resume();
    const caught = await rec.waitMailbox('mailbox.delta', 'INBOX', between, (d) => d.added.length > 0, 10_000);
    expect(caught.added.map((h) => h.subject)).toEqual(['before push opened']);
    await rec.waitFor(() => rec.states.at(-1)?.state === 'connected', 5_000, 'connected');

    // And push works on the new session.
    const later = rec.events.length;
    await dc.deliver('alice', buildMessage({ subject: 'pushed' }));
    const pushed = await rec.waitMailbox('mailbox.delta', 'INBOX', later, (d) => d.added.length > 0, 10_000);
    expect(pushed.added.map((h) => h.subject)).toEqual(['pushed']);
  });

  it('a first connect lists INBOX before push is up; an action works then, and nothing is missed', async () => {
    // Connection 0 is the work connection, 1 the push connection: hold push before its EXAMINE.
    let heldPush: ProxiedConnection | undefined;
    proxy = new TcpProxy(
      { host: dc.host, port: dc.ports.imap },
      {
        onConnection: (conn) => {
          if (conn.index !== 1) return;
          heldPush = conn;
          conn.client.pause();
        },
      },
    );
    const port = await proxy.listen();
    const rec = new Recorder();
    driver = createImapDriverFactory({ backoff: { baseMs: 100, maxMs: 500 } }).create(
      accountFor(dc, 'bob', { port }),
      'pw',
      rec,
    );
    driver.start();
    const snap = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
    expect(snap.mailbox).toMatchObject({ total: 1, unseen: 1 });
    expect(heldPush).toBeDefined();
    expect(rec.states.at(-1)?.state).toBe('connecting');

    // What the user sees can be acted on at once: the work connection is up.
    const ref = { accountId: 'acct-bob', mailbox: 'INBOX', uidValidity: snap.mailbox.uidValidity };
    const read = await driver.act({ ...ref, uid: snap.messages[0].uid }, 'markRead', 'first-read');
    expect(read.unseen).toBe(0);

    // Delivered before push has opened INBOX: IDLE will not report it; the delta asked for once
    // push is up must.
    const between = rec.events.length;
    await dc.deliver('bob', buildMessage({ subject: 'before push opened' }));
    heldPush!.client.resume();
    const caught = await rec.waitMailbox('mailbox.delta', 'INBOX', between, (d) => d.added.length > 0, 10_000);
    expect(caught.added.map((h) => h.subject)).toEqual(['before push opened']);
    await rec.waitFor(() => rec.states.at(-1)?.state === 'connected', 5_000, 'connected');
  });
});
