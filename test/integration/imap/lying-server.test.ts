/**
 * A server whose answers contradict each other: it says OK to UID MOVE or UID EXPUNGE and does
 * nothing (a proxy answers in its place). The driver confirms every removal with UID FETCH, so
 * the action fails with SERVER_ERROR instead of reporting a success that never happened (the
 * row would come back later with no error anywhere).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';
import { TcpProxy } from './tcp-proxy';

describe.skipIf(!requireDovecot())('IMAP server that says OK and does nothing', () => {
  let dc: Dovecot;
  let proxy: TcpProxy;
  let driver: AccountDriver;
  const lies: string[] = [];

  const subjects = (mailbox: string) =>
    withPeer({ host: dc.host, port: dc.ports.imap, user: 'alice', password: 'pw' }, async (c) => {
      const box = await c.mailboxOpen(mailbox, { readOnly: true });
      if (box.exists === 0) return [];
      return (await c.fetchAll('1:*', { envelope: true })).map((m) => m.envelope?.subject);
    });

  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: 'alice', password: 'pw' }] });
    dc.seed('alice', 'INBOX', [{ raw: buildMessage({ subject: 'keep me' }) }]);
    dc.seed('alice', 'Trash', [{ raw: buildMessage({ subject: 'old' }) }]);
    proxy = new TcpProxy(
      { host: dc.host, port: dc.ports.imap },
      {
        intercept: (chunk) => {
          const m = /^(\S+) UID (MOVE|EXPUNGE) /.exec(chunk);
          if (!m) return undefined;
          lies.push(m[2]);
          return `${m[1]} OK ${m[2]} completed.\r\n`;
        },
      },
    );
    const port = await proxy.listen();
    const rec = new Recorder();
    driver = createImapDriverFactory().create(accountFor(dc, 'alice', { port }), 'pw', rec);
    driver.start();
    await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0);
  });
  afterAll(async () => {
    await driver?.stop();
    await proxy?.close();
    await dc?.destroy();
  });

  const uidValidity = (mailbox: string) =>
    withPeer({ host: dc.host, port: dc.ports.imap, user: 'alice', password: 'pw' }, async (c) => {
      const st = await c.status(mailbox, { uidValidity: true });
      return String(st && st.uidValidity);
    });

  it('an archive the server only pretends to do is an error, and the message stays', async () => {
    const ref = { accountId: 'acct-alice', mailbox: 'INBOX', uidValidity: await uidValidity('INBOX'), uid: '1' };
    await expect(driver.act(ref, 'archive', 'a1')).rejects.toMatchObject({ code: ErrorCode.ServerError });
    expect(lies).toContain('MOVE');
    expect(await subjects('INBOX')).toEqual(['keep me']);
    expect(await subjects('Archive')).toEqual([]);
  });

  it('a delete in Trash whose UID EXPUNGE the server only pretends to do is an error', async () => {
    const ref = { accountId: 'acct-alice', mailbox: 'Trash', uidValidity: await uidValidity('Trash'), uid: '1' };
    await expect(driver.act(ref, 'delete', 'd1')).rejects.toMatchObject({ code: ErrorCode.ServerError });
    expect(lies).toContain('EXPUNGE');
    expect(await subjects('Trash')).toEqual(['old']);
  });
});
