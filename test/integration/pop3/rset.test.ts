/**
 * RSET (RFC 1939 §5) against Dovecot: it unmarks what DELE marked, so QUIT then deletes nothing;
 * and the poll session uses it when the server refuses a command part-way, so a session that
 * fails applies none of its deletes even though it ends with a clean QUIT. Checked through IMAP
 * on the same maildir.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../../src/bridge/pop3';
import { pollSession } from '../../../src/bridge/pop3/poll';
import { Pop3CommandError } from '../../../src/bridge/pop3/reply';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { imapSubjects, PASSWORD, USER } from './helpers';

describe.skipIf(!requireDovecot())('POP3 RSET against Dovecot', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    for (const subject of ['control', 'undo me', 'first of two', 'second of two']) {
      await dc.deliver(USER, buildMessage({ subject }));
    }
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  const connect = () =>
    Pop3Client.connect({ host: dc.host, port: dc.ports.pop3, security: 'none', user: USER, password: PASSWORD });

  /** Message number and UIDL of the message with this subject, in this session. */
  async function find(client: Pop3Client, subject: string): Promise<{ n: number; uid: string }> {
    for (const e of await client.uidl()) {
      const head = (await client.top(e.n, 0)).data.toString('utf8');
      if (head.includes(`Subject: ${subject}\r\n`)) return e;
    }
    throw new Error(`no message "${subject}" on the server`);
  }

  it('DELE then QUIT deletes (the control for the next test)', async () => {
    const client = await connect();
    await client.dele((await find(client, 'control')).n);
    await client.quit();
    expect(await imapSubjects(dc)).not.toContain('control');
  });

  it('DELE, RSET, QUIT: the message is still on the server', async () => {
    const client = await connect();
    const before = await client.stat();
    await client.dele((await find(client, 'undo me')).n);
    // RFC 1939 §5: STAT leaves out messages marked as deleted, RSET brings them back.
    expect((await client.stat()).count).toBe(before.count - 1);
    await client.rset();
    expect(await client.stat()).toEqual(before);
    await client.quit();
    expect(client.quitConfirmed).toBe(true);
    expect(await imapSubjects(dc)).toContain('undo me');
  });

  it('a DELE refused part-way: RSET, a clean QUIT, and the earlier DELE is not applied', async () => {
    const client = await connect();
    const first = await find(client, 'first of two');
    const second = await find(client, 'second of two');
    // Make the second DELE fail the way a real server refuses one: Dovecot answers -ERR for a
    // message number it does not have.
    const dele = client.dele.bind(client);
    client.dele = (n: number) => dele(n === second.n ? 9999 : n);

    const failed = await pollSession(client, {
      deletes: [first.uid, second.uid],
      deleteRead: false,
      isRead: () => true,
      needsPreview: () => false,
      previewLines: 0,
    }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Pop3CommandError);
    expect(failed).toMatchObject({ code: ErrorCode.ServerError, command: 'DELE' });
    // The session ended with +OK to QUIT, after RSET: the first DELE was undone, not applied.
    expect(client.quitConfirmed).toBe(true);
    expect(await imapSubjects(dc)).toEqual(expect.arrayContaining(['first of two', 'second of two']));
  });
});
