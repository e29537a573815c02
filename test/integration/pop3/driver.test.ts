/**
 * The POP3 driver against Dovecot's real POP3 service: counts, previews, the virtual \Seen
 * flag, new mail between polls, a bridge restart, fetch, and a wrong password.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { ErrorCode } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, refOf, USER, waitFor } from './helpers';

const factory = createPop3DriverFactory({ timeouts: { idleTimeoutMs: 5_000 } });

describe.skipIf(!requireDovecot())('POP3 driver against Dovecot', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    for (let i = 1; i <= 3; i++) {
      await dc.deliver(
        USER,
        buildMessage({
          subject: `Hello ${i}`,
          from: `Sender ${i} <s${i}@example.com>`,
          text: `Body number ${i}. `.repeat(30),
        }),
      );
    }
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('reports count, previews and read state; read state survives a restart', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    const snap = rec.of('mailbox.snapshot')[0];
    expect(snap.mailbox).toMatchObject({ path: 'INBOX', uidValidity: '0', total: 3, unseen: 3 });
    // Newest first, headers and snippet from TOP.
    expect(snap.messages.map((m) => m.subject)).toEqual(['Hello 3', 'Hello 2', 'Hello 1']);
    expect(snap.messages[0]).toMatchObject({
      from: [{ name: 'Sender 3', address: 's3@example.com' }],
      flags: [],
      hasAttachments: false,
    });
    expect(snap.messages[0].snippet).toMatch(/^Body number 3\. Body number 3\./);
    expect(snap.messages[0].snippet.length).toBeLessThanOrEqual(200);
    expect(rec.states.map((s) => s.state)).toEqual(['connecting', 'connected']);

    const uid = snap.messages[2].uid;
    const status = await driver.act(refOf(uid), 'markRead', 'a1');
    expect(status).toMatchObject({ total: 3, unseen: 2 });
    expect(rec.of('mailbox.delta').at(-1)).toMatchObject({
      flags: [{ uid, flags: ['\\Seen'] }],
      mailbox: { unseen: 2 },
    });
    // The read set is a 0600 file in the state folder.
    expect(statSync(join(rec.ctx.stateDir, 'pop3-read.json')).mode & 0o777).toBe(0o600);

    // Body: RETR parsed with postal-mime.
    const body = await driver.fetch(refOf(uid));
    expect(body).toMatchObject({ truncated: false, header: { subject: 'Hello 1', flags: ['\\Seen'] } });
    expect(body.text).toContain('Body number 1.');
    await driver.stop();

    // A new driver with the same state folder: still read; headers come from the cache (no TOP).
    const mark = dc.log().length;
    const rec2 = record(rec.ctx.stateDir);
    const again = factory.create(accountFor(dc), PASSWORD, rec2.ctx);
    again.start();
    await rec2.until(() => rec2.of('mailbox.snapshot').length === 1);
    expect(rec2.of('mailbox.snapshot')[0].mailbox).toMatchObject({ total: 3, unseen: 2 });
    expect(rec2.of('mailbox.snapshot')[0].messages.map((m) => m.subject)).toEqual(['Hello 3', 'Hello 2']);
    // Dovecot's pop3 logout line counts TOPs: none in the second run (its log is written async).
    await waitFor(() => /pop3\(alice\).*top=/.test(dc.log().slice(mark)));
    expect(dc.log().slice(mark)).toMatch(/top=0\/0/);
    expect(dc.log().slice(mark)).not.toMatch(/top=[1-9]/);

    await again.act(refOf(uid), 'markUnread', 'a2');
    expect(rec2.of('mailbox.delta').at(-1)).toMatchObject({ flags: [{ uid, flags: [] }], mailbox: { unseen: 3 } });
    await expect(again.act(refOf(uid), 'archive', 'a3')).rejects.toMatchObject({ code: ErrorCode.Unsupported });
    await again.stop();
  });

  it('shows a message delivered between two polls as new exactly once', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    const before = rec.of('mailbox.snapshot')[0].mailbox.total;

    await dc.deliver(USER, buildMessage({ subject: 'Fresh one' }));
    await driver.refresh();
    await driver.refresh();
    await driver.refresh();
    const deltas = rec.of('mailbox.delta');
    expect(deltas).toHaveLength(1);
    expect(deltas[0].added.map((h) => h.subject)).toEqual(['Fresh one']);
    expect(deltas[0]).toMatchObject({ removed: [], flags: [], mailbox: { total: before + 1 } });
    await driver.stop();
  });

  it('enters authFailed on a wrong password and stops polling', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), 'wrong-password', rec.ctx);
    const logins = () => (dc.log().match(/Password mismatch/g) ?? []).length;
    const before = logins();
    driver.start();
    await rec.until(() => rec.states.some((s) => s.state === 'authFailed'));
    expect(rec.states.at(-1)?.detail).toMatch(/Authentication failed/i);
    await expect(driver.refresh()).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
    await expect(driver.act(refOf('x'), 'delete', 'd')).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
    expect(logins() - before).toBe(1); // one attempt, no retry storm
    await driver.stop();
  });
});
