/**
 * The Dovecot harness itself: starts, delivers through LDA, APPENDs, seeds maildirs, restarts
 * after stop and after SIGKILL, and leaves no process behind.
 */
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupProcesses, requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';

function groupMembers(pgid: number | undefined): string[] {
  if (pgid === undefined) throw new Error('dovecot not running');
  return groupProcesses(pgid);
}

describe.skipIf(!requireDovecot())('Dovecot harness', () => {
  let dc: Dovecot;
  const peer = () => ({ host: dc.host, port: dc.ports.imap, user: 'alice', password: 'pw' });

  beforeAll(async () => {
    const t0 = Date.now();
    dc = await startDovecot({ users: [{ user: 'alice', password: 'pw' }] });
    console.log(`dovecot started in ${Date.now() - t0} ms`);
  });
  afterAll(async () => {
    const t1 = Date.now();
    await dc?.destroy();
    console.log(`destroy in ${Date.now() - t1} ms`);
  });

  it('delivers, appends and seeds, with special-use folders and quota', async () => {
    await dc.deliver('alice', buildMessage({ subject: 'one' }));
    await dc.deliver('alice', buildMessage({ subject: 'two' }), 'Work');
    const uid = await dc.append('alice', 'INBOX', buildMessage({ subject: 'three' }), ['\\Seen']);
    expect(uid).toBe(2);
    dc.seed('alice', 'Big', [{ raw: buildMessage({ subject: 'seeded' }) }, { raw: buildMessage(), flags: ['\\Seen'] }]);
    await withPeer(peer(), async (c) => {
      const list = await c.list();
      const uses = Object.fromEntries(list.map((m) => [m.path, m.specialUse ?? '']));
      expect(uses).toMatchObject({
        Sent: '\\Sent',
        Trash: '\\Trash',
        Drafts: '\\Drafts',
        Junk: '\\Junk',
        Archive: '\\Archive',
      });
      expect(await c.status('INBOX', { messages: true, unseen: true })).toMatchObject({ messages: 2, unseen: 1 });
      expect(await c.status('Work', { messages: true, unseen: true })).toMatchObject({ messages: 1, unseen: 1 });
      expect(await c.status('Big', { messages: true, unseen: true })).toMatchObject({ messages: 2, unseen: 1 });
      const quota = await c.getQuota('INBOX');
      expect(quota && quota.storage?.limit).toBe(10 * 1024 * 1024);
      for (const cap of ['IDLE', 'NOTIFY', 'CONDSTORE', 'QRESYNC', 'MOVE', 'UIDPLUS', 'QUOTA', 'SPECIAL-USE']) {
        expect(c.capabilities.has(cap), cap).toBe(true);
      }
    });
  });

  it('serves POP3 and POP3S/IMAPS with the self-signed certificate it reports', async () => {
    const greeting = await new Promise<string>((resolve, reject) => {
      const s = connect({ host: dc.host, port: dc.ports.pop3 });
      s.once('data', (d) => (s.destroy(), resolve(d.toString())));
      s.once('error', reject);
    });
    expect(greeting).toMatch(/^\+OK/);
    for (const port of [dc.ports.imaps, dc.ports.pop3s]) {
      const fp = await new Promise<string>((resolve, reject) => {
        const s = tlsConnect({ host: dc.host, port, servername: 'localhost', rejectUnauthorized: false }, () => {
          const f = s.getPeerCertificate().fingerprint256;
          s.destroy();
          resolve(f);
        });
        s.once('error', reject);
      });
      expect(fp).toBe(dc.certFingerprint);
    }
  });

  it('restarts after stop and after SIGKILL, and stop leaves no process', async () => {
    let pid = dc.pid();
    expect(groupMembers(pid).length).toBeGreaterThan(3);
    await dc.stop();
    expect(groupMembers(pid)).toEqual([]);
    await dc.start();
    pid = dc.pid();
    await dc.kill();
    expect(groupMembers(pid)).toEqual([]);
    await dc.start();
    await withPeer(peer(), async (c) => {
      expect(await c.status('INBOX', { messages: true })).toMatchObject({ messages: 2 });
    });
    pid = dc.pid();
    await dc.stop();
    expect(groupMembers(pid)).toEqual([]);
    await dc.start();
  });
});
