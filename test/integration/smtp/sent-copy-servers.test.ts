/**
 * The Sent copy on servers that are not the full Dovecot: one that withholds every extension
 * (no UIDPLUS, no SPECIAL-USE announced, no CONDSTORE), and one that says it is Gmail
 * (`X-GM-EXT-1`), where "Automatic" must not file a copy (Gmail files SMTP mail itself) while
 * "Always" must. The built bridge over native frames, the SMTP test server, Dovecot narrowed
 * with `imap_capability`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { startSmtp, type Smtp } from '../../harness/smtp-server';
import { BridgeProcess } from '../../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';

const USER = 'alice';
const PASSWORD = 'copy-secret';

describe.skipIf(!requireDovecot())('Sent copy on narrowed servers', () => {
  let plain: Dovecot;
  let gmailLike: Dovecot;
  let smtp: Smtp;
  let dir: string;
  let bridge: BridgeProcess;
  let seq = 0;

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    const users = [{ user: USER, password: PASSWORD }];
    plain = await startDovecot({ users, extraConfig: 'imap_capability = IMAP4rev1 LITERAL+' });
    gmailLike = await startDovecot({ users, extraConfig: 'imap_capability = +X-GM-EXT-1' });
    smtp = await startSmtp({ users, certDir: plain.dir });
  });
  afterAll(async () => {
    await smtp?.stop();
    await plain?.stop();
    await gmailLike?.stop();
  });
  afterEach(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'mg-copy-'));
    bridge = new BridgeProcess(join(dir, 'config'));
    expect((await bridge.hello(`h${++seq}`)).ok).toBe(true);
  }

  async function account(dc: Dovecot, sentCopy: string): Promise<string> {
    const reply = await bridge.request(`add-${++seq}`, 'account.add', {
      settings: {
        type: 'imap',
        host: dc.host,
        port: dc.ports.imap,
        security: 'none',
        user: USER,
        // IMAP is plain on loopback here; the pin is the SMTP test server's certificate.
        pinnedCert: plain.certFingerprint,
        sentCopy,
        smtp: { host: smtp.host, port: smtp.ports.submission, security: 'starttls' },
      },
      password: PASSWORD,
    });
    expect(reply).toMatchObject({ ok: true });
    return (reply.result as { account: { id: string } }).account.id;
  }

  const send = (accountId: string) => {
    const messageId = `<copy${++seq}.${Date.now()}@mailglance.test>`;
    return bridge
      .request(`send-${seq}`, 'message.send', {
        accountId,
        messageId,
        date: new Date().toISOString(),
        from: { address: 'alice@example.test' },
        to: [{ address: 'bob@example.test' }],
        cc: [],
        bcc: [],
        subject: 'copy test',
        text: 'hello',
      })
      .then((reply) => ({ reply, messageId }));
  };

  const copies = (dc: Dovecot, messageId: string) =>
    withPeer({ host: dc.host, port: dc.ports.imap, user: USER, password: PASSWORD }, async (client) => {
      await client.mailboxOpen('Sent');
      return ((await client.search({ header: { 'message-id': messageId } }, { uid: true })) || []).length;
    });

  it('files the copy on a server that announces no extension at all', async () => {
    await start();
    const id = await account(plain, 'auto');
    const { reply, messageId } = await send(id);
    expect(reply).toMatchObject({ ok: true, result: { sentCopy: 'appended' } });
    expect(await copies(plain, messageId)).toBe(1);
  });

  it('leaves the copy to a Gmail-like server on Automatic, files it on Always, never on Never', async () => {
    await start();
    const auto = await send(await account(gmailLike, 'auto'));
    expect(auto.reply).toMatchObject({ ok: true, result: { sentCopy: 'server' } });
    expect(await copies(gmailLike, auto.messageId)).toBe(0);
    const always = await send(await account(gmailLike, 'always'));
    expect(always.reply).toMatchObject({ ok: true, result: { sentCopy: 'appended' } });
    expect(await copies(gmailLike, always.messageId)).toBe(1);
    const never = await send(await account(plain, 'never'));
    expect(never.reply).toMatchObject({ ok: true, result: { sentCopy: 'none' } });
    expect(await copies(plain, never.messageId)).toBe(0);
  });
});
