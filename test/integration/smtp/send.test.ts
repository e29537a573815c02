/**
 * `message.send` end to end below the browser: the built bridge over real native-messaging
 * frames, a real SMTP server (test/harness/smtp-server.ts) and Dovecot for the Sent copy and
 * `\Answered`. Covers IMAP and POP3 accounts, STARTTLS and implicit TLS with a pinned self-signed
 * certificate, the errors a user must see in words, and the cases that could send twice: a lost
 * reply, a server that was down, and a bridge killed after the server got the data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { startSmtp, type Smtp } from '../../harness/smtp-server';
import { BridgeProcess } from '../../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../../support/built';

const USER = 'alice';
const PASSWORD = 'send-secret';
const ME = { name: 'Alice', address: 'alice@example.test' };

describe.skipIf(!requireDovecot())('message.send through the bridge', () => {
  let dc: Dovecot;
  let smtp: Smtp;
  let dir: string;
  let bridge: BridgeProcess;
  let seq = 0;
  const peer = () => ({ host: dc.host, port: dc.ports.imap, user: USER, password: PASSWORD });

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    smtp = await startSmtp({ users: [{ user: USER, password: PASSWORD }], certDir: dc.dir, maxSize: 256 * 1024 });
  });
  afterAll(async () => {
    await smtp?.stop();
    await dc?.stop();
  });
  afterEach(async () => {
    smtp.beforeAccept = undefined;
    smtp.refuse.clear();
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startBridge(configDir?: string): Promise<BridgeProcess> {
    if (!configDir) dir = mkdtempSync(join(tmpdir(), 'mg-send-'));
    bridge = new BridgeProcess(configDir ?? join(dir, 'config'));
    expect((await bridge.hello(`hello-${++seq}`)).ok).toBe(true);
    return bridge;
  }

  async function addAccount(settings: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
    const reply = await bridge.request(`add-${++seq}`, 'account.add', {
      settings: { user: USER, pinnedCert: dc.certFingerprint, ...settings },
      password: PASSWORD,
      ...extra,
    });
    expect(reply).toMatchObject({ ok: true });
    return (reply.result as { account: { id: string } }).account.id;
  }

  const imapAccount = (smtpSettings: Record<string, unknown> = {}) =>
    addAccount({
      type: 'imap',
      host: dc.host,
      port: dc.ports.imaps,
      security: 'tls',
      smtp: { host: smtp.host, port: smtp.ports.submission, security: 'starttls', ...smtpSettings },
    });

  /** Puts a message in INBOX and returns its ref. */
  async function original(spec: Parameters<typeof buildMessage>[0]) {
    return withPeer(peer(), async (client) => {
      const appended = await client.append('INBOX', buildMessage(spec));
      const box = await client.mailboxOpen('INBOX');
      return { mailbox: 'INBOX', uidValidity: String(box.uidValidity), uid: String(appended && appended.uid) };
    });
  }

  /** Messages in Sent carrying `messageId`, with their flags and source. */
  const inSent = (messageId: string) =>
    withPeer(peer(), async (client) => {
      await client.mailboxOpen('Sent');
      const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
      const found: { flags: string[]; source: string }[] = [];
      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { flags: true, source: true }, { uid: true });
        if (msg) found.push({ flags: [...(msg.flags ?? [])], source: msg.source?.toString() ?? '' });
      }
      return found;
    });

  const draft = (accountId: string, extra: Record<string, unknown> = {}) => ({
    accountId,
    messageId: `<t${++seq}.${Date.now()}@mailglance.test>`,
    date: new Date().toISOString(),
    from: ME,
    to: [{ name: 'Bob', address: 'bob@example.test' }],
    cc: [],
    bcc: [],
    subject: 'Hello',
    text: 'Hello Bob',
    ...extra,
  });

  const send = (params: unknown) => bridge.request(`send-${++seq}`, 'message.send', params);

  it('sends a reply once over STARTTLS, files one copy in Sent with Bcc, flags the original \\Answered', async () => {
    await startBridge();
    const accountId = await imapAccount();
    const ref = {
      accountId,
      ...(await original({
        from: 'Bob <bob@example.test>',
        subject: 'Lunch?',
        messageId: '<orig-1@example.test>',
        headers: { References: '<root-1@example.test>' },
        text: 'Lunch at noon?',
      })),
    };
    const before = smtp.received.length;
    const params = draft(accountId, {
      subject: 'Re: Lunch?',
      text: 'Yes!\n\nOn Tuesday Bob wrote:\n> Lunch at noon?',
      bcc: [{ address: 'carol@example.test' }],
      inReplyTo: '<orig-1@example.test>',
      references: ['<root-1@example.test>', '<orig-1@example.test>'],
      answers: ref,
    });
    const reply = await send(params);
    expect(reply).toMatchObject({
      ok: true,
      result: { messageId: params.messageId, alreadySent: false, sentCopy: 'appended', answered: true },
    });
    expect(smtp.received.length - before).toBe(1);
    const got = smtp.received.at(-1)!;
    expect(got.secure).toBe(true);
    expect(got.authUser).toBe(USER);
    expect(got.to.sort()).toEqual(['bob@example.test', 'carol@example.test']);
    const head = got.raw.toString().split('\r\n\r\n')[0]!;
    expect(head).toContain(`Message-ID: ${params.messageId}`);
    expect(head).toContain('In-Reply-To: <orig-1@example.test>');
    expect(head).toContain('References: <root-1@example.test> <orig-1@example.test>');
    expect(head).toContain('Subject: Re: Lunch?');
    expect(head).not.toMatch(/^Bcc:/im);
    expect(got.raw.toString()).toContain('> Lunch at noon?');

    const copies = await inSent(params.messageId);
    expect(copies).toHaveLength(1);
    expect(copies[0]!.flags).toContain('\\Seen');
    expect(copies[0]!.source).toMatch(/^Bcc: carol@example\.test/m);
    const flags = await withPeer(peer(), async (client) => {
      await client.mailboxOpen('INBOX');
      return [...((await client.fetchOne(ref.uid, { flags: true }, { uid: true })) || { flags: new Set() }).flags!];
    });
    expect(flags).toContain('\\Answered');

    // The extension lost the reply and sends again: nothing goes out twice, Sent keeps one copy.
    const again = await send(params);
    expect(again).toMatchObject({ ok: true, result: { alreadySent: true, sentCopy: 'present' } });
    expect(smtp.received.length - before).toBe(1);
    expect(await inSent(params.messageId)).toHaveLength(1);
  });

  it('sends over implicit TLS, and refuses an SMTP certificate that matches no pin', async () => {
    await startBridge();
    const accountId = await imapAccount({ port: smtp.ports.implicitTls, security: 'tls' });
    const before = smtp.received.length;
    expect(await send(draft(accountId))).toMatchObject({ ok: true });
    expect(smtp.received.length - before).toBe(1);
    expect(smtp.received.at(-1)!.secure).toBe(true);

    const other = await startSmtp({ users: [{ user: USER, password: PASSWORD }] });
    try {
      const wrongCert = await imapAccount({ port: other.ports.submission });
      expect(await send(draft(wrongCert))).toMatchObject({
        ok: false,
        error: { code: 'TLS_UNTRUSTED', tls: { problem: 'selfSigned' } },
      });
      expect(other.received).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });

  it('says why in words and sends nothing: wrong password, refused recipient, too large', async () => {
    await startBridge();
    const good = await imapAccount();
    const wrong = await addAccount(
      {
        type: 'imap',
        host: dc.host,
        port: dc.ports.imaps,
        security: 'tls',
        smtp: { host: smtp.host, port: smtp.ports.submission },
      },
      { smtpPassword: 'not-the-password' },
    );
    const before = smtp.received.length;
    expect(await send(draft(wrong))).toMatchObject({
      ok: false,
      error: { code: 'AUTH_FAILED', message: expect.stringMatching(/authentication failed/), retryable: false },
    });
    smtp.refuse.add('nobody@example.test');
    expect(await send(draft(good, { to: [{ address: 'nobody@example.test' }] }))).toMatchObject({
      ok: false,
      error: { code: 'RECIPIENT_REFUSED', message: expect.stringMatching(/recipient refused.*mailbox unavailable/) },
    });
    expect(await send(draft(good, { text: 'x'.repeat(300 * 1024) }))).toMatchObject({
      ok: false,
      error: { code: 'SIZE_REFUSED', message: expect.stringMatching(/too large/) },
    });
    expect(smtp.received.length - before).toBe(0);
  });

  it('a send while the server is down fails retryably; the retry sends exactly once', async () => {
    await startBridge();
    const accountId = await imapAccount();
    const params = draft(accountId);
    const before = smtp.received.length;
    await smtp.pause();
    try {
      expect(await send(params)).toMatchObject({
        ok: false,
        error: { code: 'CONNECTION_FAILED', retryable: true },
      });
    } finally {
      await smtp.start();
    }
    expect(await send(params)).toMatchObject({ ok: true, result: { alreadySent: false } });
    expect(await send(params)).toMatchObject({ ok: true, result: { alreadySent: true } });
    expect(smtp.received.length - before).toBe(1);
    expect(await inSent(params.messageId)).toHaveLength(1);
  });

  it('a bridge killed after the server got the data asks instead of sending again', async () => {
    await startBridge();
    const configDir = join(dir, 'config');
    const accountId = await imapAccount();
    const params = draft(accountId);
    const before = smtp.received.length;
    const killed = bridge;
    smtp.beforeAccept = () => {
      killed.child.kill('SIGKILL');
    };
    killed.send({ kind: 'request', id: 'doomed', type: 'message.send', params });
    await killed.exited;
    smtp.beforeAccept = undefined;
    expect(smtp.received.length - before).toBe(1);

    await startBridge(configDir);
    expect(await send(params)).toMatchObject({ ok: false, error: { code: 'SEND_UNCERTAIN', retryable: false } });
    expect(smtp.received.length - before).toBe(1);
    expect(await send({ ...params, uncertain: 'markSent' })).toMatchObject({
      ok: true,
      result: { alreadySent: true, sentCopy: 'appended' },
    });
    expect(await send(params)).toMatchObject({ ok: true, result: { alreadySent: true, sentCopy: 'present' } });
    expect(smtp.received.length - before).toBe(1);
    expect(await inSent(params.messageId)).toHaveLength(1);
  });

  it('after SEND_UNCERTAIN, "resend" sends exactly once more and then never again', async () => {
    await startBridge();
    const configDir = join(dir, 'config');
    const accountId = await imapAccount();
    const params = draft(accountId);
    const before = smtp.received.length;
    const killed = bridge;
    smtp.beforeAccept = () => {
      killed.child.kill('SIGKILL');
    };
    killed.send({ kind: 'request', id: 'doomed-2', type: 'message.send', params });
    await killed.exited;
    smtp.beforeAccept = undefined;
    await startBridge(configDir);
    expect(await send(params)).toMatchObject({ ok: false, error: { code: 'SEND_UNCERTAIN' } });
    expect(await send({ ...params, uncertain: 'resend' })).toMatchObject({ ok: true, result: { alreadySent: false } });
    expect(await send({ ...params, uncertain: 'resend' })).toMatchObject({ ok: true, result: { alreadySent: true } });
    expect(smtp.received.length - before).toBe(2);
    expect(await inSent(params.messageId)).toHaveLength(1);
  });

  it('forwards the original attachments that fit', async () => {
    await startBridge();
    const accountId = await imapAccount();
    const ref = {
      accountId,
      ...(await original({
        subject: 'Report',
        text: 'see attached',
        attachments: [{ filename: 'report.txt', contentType: 'text/plain', content: 'quarterly numbers' }],
      })),
    };
    const before = smtp.received.length;
    const reply = await send(draft(accountId, { subject: 'Fwd: Report', forwardsAttachmentsOf: ref }));
    expect(reply).toMatchObject({ ok: true });
    expect((reply.result as { attachmentsLeftOut?: unknown }).attachmentsLeftOut).toBeUndefined();
    expect(smtp.received.length - before).toBe(1);
    const raw = smtp.received.at(-1)!.raw.toString();
    expect(raw).toMatch(/Content-Disposition: attachment; filename=report\.txt/);
    expect(raw).toContain(Buffer.from('quarterly numbers').toString('base64'));
  });

  it('a POP3 account sends through SMTP and files no copy', async () => {
    await startBridge();
    const accountId = await addAccount({
      type: 'pop3',
      host: dc.host,
      port: dc.ports.pop3s,
      security: 'tls',
      smtp: { host: smtp.host, port: smtp.ports.submission },
    });
    const before = smtp.received.length;
    const params = draft(accountId);
    expect(await send(params)).toMatchObject({ ok: true, result: { sentCopy: 'none', answered: false } });
    expect(await send(params)).toMatchObject({ ok: true, result: { alreadySent: true } });
    expect(smtp.received.length - before).toBe(1);
    expect(await inSent(params.messageId)).toHaveLength(0);

    // Forwarding from POP3: the bridge fetches the original with RETR by its UIDL.
    await original({
      subject: 'POP3 report',
      text: 'attached',
      attachments: [{ filename: 'pop.txt', contentType: 'text/plain', content: 'over pop3' }],
    });
    // The UIDL, as the bridge's POP3 poll reports it.
    expect(await bridge.request(`refresh-${++seq}`, 'refresh', { accountId })).toMatchObject({ ok: true });
    type Header = { uid: string; subject: string };
    const listed = (f: Record<string, unknown>) => {
      const data = f.data as { messages?: Header[]; added?: Header[] } | undefined;
      return [...(data?.messages ?? []), ...(data?.added ?? [])].find((h) => h.subject === 'POP3 report');
    };
    const event = await bridge.waitFor((f) => f.kind === 'event' && listed(f) !== undefined, 20_000);
    const uidl = listed(event)!.uid;
    const forward = await send(
      draft(accountId, {
        subject: 'Fwd: POP3 report',
        forwardsAttachmentsOf: { accountId, mailbox: 'INBOX', uidValidity: '0', uid: uidl },
      }),
    );
    expect(forward, JSON.stringify(forward)).toMatchObject({ ok: true });
    expect(smtp.received.length - before).toBe(2);
    expect(smtp.received.at(-1)!.raw.toString()).toContain(Buffer.from('over pop3').toString('base64'));
  });

  it('refuses header injection before anything reaches SMTP', async () => {
    await startBridge();
    const accountId = await imapAccount();
    const before = smtp.received.length;
    for (const bad of [
      { subject: 'hi\r\nBcc: eve@evil.example' },
      { to: [{ name: 'Bob\nBcc: eve@evil.example', address: 'bob@example.test' }] },
      { to: [{ address: 'bob@example.test>\r\nRCPT TO:<eve@evil.example' }] },
    ]) {
      expect(await send(draft(accountId, bad))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(smtp.received.length - before).toBe(0);
  });
});
