/**
 * Delete on POP3: DELE is applied only at a successful QUIT (RFC 1939 §6). Checked with an IMAP
 * login on the same maildir, the way another mail program would see it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory, type Pop3Client } from '../../../src/bridge/pop3';
import { ErrorCode, isRetryable, type MessageHeader } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, imapSubjects, PASSWORD, record, refOf, USER } from './helpers';

describe.skipIf(!requireDovecot())('POP3 delete against Dovecot', () => {
  let dc: Dovecot;
  /** What the test hook does between the last command and QUIT, when armed. */
  let beforeQuit: ((client: Pop3Client) => Promise<void>) | null = null;
  const factory = createPop3DriverFactory({
    timeouts: { idleTimeoutMs: 5_000, connectTimeoutMs: 3_000 },
    hooks: {
      beforeQuit: async (client, deletes) => {
        if (beforeQuit && deletes.length) await beforeQuit(client);
      },
    },
  });

  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    for (const subject of ['keep', 'delete me', 'cut', 'crash']) await dc.deliver(USER, buildMessage({ subject }));
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  async function startDriver() {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    const uidOf = (subject: string) =>
      (rec.of('mailbox.snapshot')[0].messages.find((m: MessageHeader) => m.subject === subject) as MessageHeader).uid;
    return { rec, driver, uidOf };
  }

  it('deletes by UIDL: gone from the server after QUIT, and a repeat is harmless', async () => {
    const { rec, driver, uidOf } = await startDriver();
    const uid = uidOf('delete me');
    const status = await driver.act(refOf(uid), 'delete', 'd1');
    expect(status).toMatchObject({ total: 3, unseen: 3 });
    expect(rec.of('mailbox.delta').at(-1)).toMatchObject({ removed: [uid], mailbox: { total: 3 } });
    expect(await imapSubjects(dc)).toEqual(['crash', 'cut', 'keep']);
    // Replay by the outbox: the UIDL is gone, which counts as done.
    await expect(driver.act(refOf(uid), 'delete', 'd1')).resolves.toMatchObject({ total: 3 });
    await driver.stop();
  });

  it('a connection cut before QUIT deletes nothing, rejects retryably, and the retry applies', async () => {
    const { driver, uidOf } = await startDriver();
    const uid = uidOf('cut');
    beforeQuit = async (client) => {
      client.socket.destroy(); // the network drops between DELE and QUIT
    };
    const failed = await driver.act(refOf(uid), 'delete', 'd2').catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: ErrorCode.ConnectionFailed });
    expect(isRetryable((failed as { code: ErrorCode }).code)).toBe(true);
    expect(await imapSubjects(dc)).toContain('cut');

    beforeQuit = null;
    await driver.act(refOf(uid), 'delete', 'd2'); // the outbox's retry
    expect(await imapSubjects(dc)).toEqual(['crash', 'keep']);
    await driver.stop();
  });

  it('a server crash before QUIT deletes nothing; after a restart the retry applies', async () => {
    const { rec, driver, uidOf } = await startDriver();
    const uid = uidOf('crash');
    beforeQuit = async () => {
      await dc.kill();
    };
    await expect(driver.act(refOf(uid), 'delete', 'd3')).rejects.toMatchObject({ code: ErrorCode.ConnectionFailed });
    beforeQuit = null;
    expect(rec.states.at(-1)?.state).toBe('reconnecting');
    await dc.start();
    expect(await imapSubjects(dc)).toContain('crash');

    await driver.act(refOf(uid), 'delete', 'd3');
    expect(await imapSubjects(dc)).toEqual(['keep']);
    expect(rec.states.at(-1)?.state).toBe('connected');
    await driver.stop();
  });
});
