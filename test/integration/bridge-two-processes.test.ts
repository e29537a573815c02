/**
 * Chrome and Firefox each start their own bridge on the same config folder. Two real bridge
 * processes in native host mode and a real Dovecot: every account change made through bridge A
 * must be followed by bridge B (its drivers and its extension), with no help from A.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent } from '../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../harness/dovecot';
import { buildMessage } from '../harness/mail-factory';
import { BridgeProcess } from '../support/bridge-process';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';

type Frame = Record<string, unknown>;
type EventFrame = { kind: 'event'; type: string; data: Record<string, unknown> };

const isEvent = (f: Frame, type: string): f is Frame & EventFrame => f.kind === 'event' && f.type === type;
const ids = (f: EventFrame) => (f.data.accounts as { id: string }[]).map((a) => a.id);

/** The first frame from index `from` on that matches (frames before it belong to earlier steps). */
async function waitFrom(bridge: BridgeProcess, from: number, match: (f: Frame) => boolean): Promise<EventFrame> {
  return bridge.waitFor<EventFrame>((f) => bridge.frames.indexOf(f) >= from && match(f), 20_000);
}

describe.skipIf(!requireDovecot())('two bridge processes on one config folder', () => {
  let dc: Dovecot;
  let dir: string;
  let a: BridgeProcess;
  let b: BridgeProcess;

  beforeAll(async () => {
    requireBuilt(BRIDGE_BUNDLE);
    dc = await startDovecot({ users: [{ user: 'alice', password: 'pw' }] });
    await dc.deliver('alice', buildMessage({ subject: 'in the inbox' }));
    await dc.deliver('alice', buildMessage({ subject: 'at work' }), 'Work');
    dir = mkdtempSync(join(tmpdir(), 'mg-two-'));
    a = new BridgeProcess(join(dir, 'config'));
    b = new BridgeProcess(join(dir, 'config'));
    expect(await a.hello()).toMatchObject({ ok: true });
    expect(await b.hello()).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await dc?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** IMAP sessions Dovecot has open for alice (one `imap` process per connection). */
  async function aliceConnections(): Promise<number> {
    const out = await dc.doveadm(['who', '-1', 'alice']);
    return out.split('\n').filter((line) => /^alice\s+imap\s/.test(line)).length;
  }

  interface Sent {
    reply: Frame;
    /** B's frames from this index on came after the request was sent. */
    from: number;
    repliedAt: number;
  }

  async function onA(request: () => Promise<Frame>): Promise<Sent> {
    const from = b.frames.length;
    const reply = await request();
    expect(reply).toMatchObject({ ok: true });
    return { reply, from, repliedAt: performance.now() };
  }

  /** Waits for B to show `match` after `sent`, and prints how long after A's reply it came. */
  async function onB(what: string, sent: Sent, match: (f: Frame) => boolean): Promise<EventFrame> {
    const frame = await waitFrom(b, sent.from, match);
    console.log(`bridge B ${what}: ${Math.round(performance.now() - sent.repliedAt)} ms after A's reply`);
    return frame;
  }

  it('follows an add, an edit, a wrong and a right password, and a removal made through the other bridge', async () => {
    const about =
      (id: string, type: string, state?: string) =>
      (f: Frame): f is Frame & EventFrame =>
        isEvent(f, type) && f.data.accountId === id && (state === undefined || f.data.state === state);

    // 1. A adds the account: B announces it, connects, and sends its INBOX.
    const settings = { type: 'imap', host: dc.host, port: dc.ports.imap, security: 'none', user: 'alice' };
    const added = await onA(() =>
      a.request('add', 'account.add', { settings: { ...settings, label: 'Alice' }, password: 'pw' }),
    );
    const id = (added.reply.result as { account: { id: string } }).account.id;
    const announced = await onB('announced the new account', added, (f) => isEvent(f, 'accounts.changed'));
    expect(announced.data.accounts).toMatchObject([{ id, label: 'Alice', hasPassword: true }]);
    await onB('connected it', added, about(id, 'account.state', 'connected'));
    const inbox = await onB('sent its INBOX', added, about(id, 'mailbox.snapshot'));
    expect(inbox.data.mailbox).toMatchObject({ path: 'INBOX', total: 1, unseen: 1 });
    // A and B each hold their own push and work connections.
    await expect.poll(aliceConnections, { timeout: 10_000 }).toBe(4);

    // 2. A edits label and folders: B restarts the account with them (it now watches Work too).
    const edited = await onA(() =>
      a.request('edit', 'account.update', {
        accountId: id,
        settings: { label: 'Alice at work', watchedFolders: ['INBOX', 'Work'] },
      }),
    );
    const reannounced = await onB('announced the edit', edited, (f) => isEvent(f, 'accounts.changed'));
    expect(reannounced.data.accounts).toMatchObject([
      { id, label: 'Alice at work', watchedFolders: ['INBOX', 'Work'] },
    ]);
    const work = await onB(
      'sent the newly watched Work',
      edited,
      (f) => about(id, 'mailbox.snapshot')(f) && (f.data.mailbox as { path: string }).path === 'Work',
    );
    expect(work.data.mailbox).toMatchObject({ total: 1, unseen: 1 });

    // 3. A stores a wrong password, then the right one. The secret is not in accounts.json, yet
    // B follows both. (Time to the state includes Dovecot's auth penalty for failed logins from
    // 127.0.0.1, which doubles per failure; the restart time is ours.)
    const wrong = await onA(() =>
      a.request('wrong', 'account.update', { accountId: id, settings: {}, password: 'not-the-password' }),
    );
    await onB('restarted for the wrong password', wrong, about(id, 'account.state', 'connecting'));
    await onB('reached authFailed', wrong, about(id, 'account.state', 'authFailed'));
    const right = await onA(() =>
      a.request('right', 'account.update', { accountId: id, settings: {}, password: 'pw' }),
    );
    await onB('restarted for the right password', right, about(id, 'account.state', 'connecting'));
    await onB('reached connected', right, about(id, 'account.state', 'connected'));
    await expect.poll(aliceConnections, { timeout: 10_000 }).toBe(4);

    // 4. A removes it: B announces the empty list and closes its connections to Dovecot.
    const removed = await onA(() => a.request('remove', 'account.remove', { accountId: id }));
    expect(ids(await onB('announced the removal', removed, (f) => isEvent(f, 'accounts.changed')))).toEqual([]);
    await expect.poll(aliceConnections, { timeout: 10_000 }).toBe(0);
    // New mail would reach a driver still watching (push floor ~0.5 s): B must stay silent about it.
    const afterRemoval = b.frames.length;
    await dc.deliver('alice', buildMessage({ subject: 'after removal' }));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(b.frames.slice(afterRemoval).filter((f) => JSON.stringify(f).includes(id))).toEqual([]);

    // Each bridge ran the account exactly once per change (A's own writes woke A's watcher too,
    // and B never reconciled one change twice): add, edit, two passwords = 4 starts; 5 announcements.
    for (const bridge of [a, b]) {
      const events = (bridge.frames as Frame[]).filter((f) => f.kind === 'event');
      for (const event of events) expect(parseEvent(event)).toMatchObject({ ok: true });
      expect(events.filter(about(id, 'account.state', 'connecting'))).toHaveLength(4);
      expect(events.filter((f) => isEvent(f, 'accounts.changed'))).toHaveLength(5);
    }
  });
});
