/**
 * The virtual \Seen set under concurrency, against Dovecot: a mark made while a poll is running
 * (the poll re-reads the file and forgets deleted mail) is never lost, and two drivers on one
 * state folder (Chrome's and Firefox's bridge) marking at the same time keep every mark and
 * show each other's at their next poll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { ReadState } from '../../../src/bridge/pop3/read-state';
import type { EventData } from '../../../src/protocol';
import { openSession } from '../../../src/bridge/pop3/session';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, refOf, USER, type Recorded } from './helpers';

/** Called by every poll session just before QUIT, i.e. while the poll is running. */
let onQuit: (() => void | Promise<void>) | null = null;
const factory = createPop3DriverFactory({
  timeouts: { idleTimeoutMs: 5_000 },
  hooks: { beforeQuit: () => onQuit?.() },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** More maildrops, so that no test depends on what another left behind. */
const OTHER = 'bob';
const THIRD = 'carol';

/** What the extension believes after replaying the events: UIDL → read. */
function extensionView(rec: Recorded): Map<string, boolean> {
  const view = new Map<string, boolean>();
  for (const { type, data } of rec.events) {
    if (type === 'mailbox.snapshot') {
      const snap = data as EventData<'mailbox.snapshot'>;
      view.clear();
      for (const m of snap.messages) view.set(m.uid, m.flags.includes('\\Seen'));
    } else if (type === 'mailbox.delta') {
      const delta = data as EventData<'mailbox.delta'>;
      for (const m of delta.added) view.set(m.uid, m.flags.includes('\\Seen'));
      for (const uid of delta.removed) view.delete(uid);
      for (const f of delta.flags) view.set(f.uid, f.flags.includes('\\Seen'));
    }
  }
  return view;
}

/** The read set on disk, as a fresh bridge would load it. */
async function onDisk(stateDir: string): Promise<Set<string>> {
  const state = new ReadState(stateDir);
  await state.load();
  return state.snapshot();
}

describe.skipIf(!requireDovecot())('POP3 read state under concurrency', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({
      users: [
        { user: USER, password: PASSWORD },
        { user: OTHER, password: PASSWORD },
        { user: THIRD, password: PASSWORD },
      ],
    });
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  /** UIDLs of the maildrop, oldest first, listed by a session of our own. */
  async function uidls(user: string): Promise<string[]> {
    const client = await openSession(accountFor(dc, { user }), PASSWORD, {});
    try {
      const list = (await client.uidl()).map((e) => e.uid);
      await client.quit();
      return list;
    } finally {
      client.destroy();
    }
  }

  it('never loses a mark made while a poll is running, even one that forgets deleted mail', async () => {
    const rounds = 30;
    for (let i = 0; i < rounds; i++) {
      await dc.deliver(USER, buildMessage({ subject: `victim ${i}` }));
      await dc.deliver(USER, buildMessage({ subject: `target ${i}` }));
    }
    const all = await uidls(USER);
    const victims = all.filter((_, i) => i % 2 === 0);
    const targets = all.filter((_, i) => i % 2 === 1);
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);

    for (let i = 0; i < rounds; i++) {
      // A read message that this poll deletes: the poll then rewrites the read file.
      await driver.act(refOf(victims[i]), 'markRead', `v${i}`);
      const deleted = driver.act(refOf(victims[i]), 'delete', `d${i}`);
      const marked = new Promise((resolve, reject) => {
        onQuit = () => {
          onQuit = null;
          // Spread over the end of the session and the poll's own file work.
          setTimeout(() => driver.act(refOf(targets[i]), 'markRead', `t${i}`).then(resolve, reject), i % 5);
        };
      });
      // And a plain refresh at the same time as a mark, with no hook.
      const refreshed = sleep(i % 3).then(() => driver.refresh());
      await Promise.all([deleted, marked, refreshed]);
    }
    await driver.refresh();
    await driver.stop();

    expect(await onDisk(rec.ctx.stateDir)).toEqual(new Set(targets));
    const view = extensionView(rec);
    expect(targets.filter((uid) => view.get(uid) !== true)).toEqual([]);
    expect(victims.filter((uid) => view.has(uid))).toEqual([]);
    expect(rec.of('mailbox.delta').at(-1)?.mailbox ?? rec.of('mailbox.snapshot').at(-1)?.mailbox).toMatchObject({
      total: rounds,
      unseen: 0,
    });
  });

  it('two drivers on one state folder keep all 100 concurrent marks and show each other theirs', async () => {
    dc.seed(
      OTHER,
      'INBOX',
      Array.from({ length: 110 }, (_, i) => ({ raw: buildMessage({ subject: `m ${i}` }) })),
    );
    const all = await uidls(OTHER);
    expect(all).toHaveLength(110);
    const account = accountFor(dc, { user: OTHER });
    const chrome = record();
    const firefox = record(chrome.ctx.stateDir);
    const a = factory.create(account, PASSWORD, chrome.ctx);
    const b = factory.create(account, PASSWORD, firefox.ctx);
    a.start();
    b.start();
    await chrome.until(() => chrome.of('mailbox.snapshot').length === 1);
    await firefox.until(() => firefox.of('mailbox.snapshot').length === 1);

    // 50 marks from each, interleaved, all in flight at once.
    const fromA = all.slice(0, 50);
    const fromB = all.slice(50, 100);
    await Promise.all(
      fromA.flatMap((uid, i) => [a.act(refOf(uid), 'markRead', `a${i}`), b.act(refOf(fromB[i]), 'markRead', `b${i}`)]),
    );
    expect(await onDisk(chrome.ctx.stateDir)).toEqual(new Set([...fromA, ...fromB]));

    // Each picks up the other's marks at its next poll at the latest.
    await Promise.all([a.refresh(), b.refresh()]);
    for (const rec of [chrome, firefox]) {
      const view = extensionView(rec);
      expect(all.slice(0, 100).filter((uid) => view.get(uid) !== true)).toEqual([]);
      expect(rec.of('mailbox.delta').at(-1)?.mailbox).toMatchObject({ total: 110, unseen: 10 });
    }

    // Only A acts now: B hears of it from its poll alone, as one delta.
    const later = all.slice(100);
    const unmarked = fromB.slice(0, 5);
    for (const uid of later) await a.act(refOf(uid), 'markRead', `l-${uid}`);
    for (const uid of unmarked) await a.act(refOf(uid), 'markUnread', `u-${uid}`);
    const before = firefox.of('mailbox.delta').length;
    await b.refresh();
    const deltas = firefox.of('mailbox.delta').slice(before);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ added: [], removed: [], mailbox: { total: 110, unseen: 5 } });
    const expected = [
      ...later.map((uid) => ({ uid, flags: ['\\Seen'] })),
      ...unmarked.map((uid) => ({ uid, flags: [] })),
    ];
    expect(new Set(deltas[0].flags)).toEqual(new Set(expected));
    await Promise.all([a.stop(), b.stop()]);
  });

  it("does not forget the other driver's mark on mail that arrived after its own listing", async () => {
    await dc.deliver(THIRD, buildMessage({ subject: 'old' }));
    const account = accountFor(dc, { user: THIRD });
    const chrome = record();
    const firefox = record(chrome.ctx.stateDir);
    const a = factory.create(account, PASSWORD, chrome.ctx);
    const b = factory.create(account, PASSWORD, firefox.ctx);
    await a.refresh();

    let late = '';
    onQuit = async () => {
      onQuit = null;
      // B has listed the maildrop; new mail arrives and A lists it and marks it read.
      await dc.deliver(THIRD, buildMessage({ subject: 'late' }));
      await a.refresh();
      late = chrome.of('mailbox.delta').at(-1)!.added[0].uid;
      await a.act(refOf(late), 'markRead', 'late');
    };
    await b.refresh(); // its listing lacks `late`: that is no reason to forget the mark
    expect(late).not.toBe('');
    expect(await onDisk(chrome.ctx.stateDir)).toEqual(new Set([late]));

    // B's next listing has it, and it counts as read (read mail gets no preview, so no header).
    await b.refresh();
    expect(firefox.of('mailbox.delta').at(-1)).toMatchObject({ removed: [], mailbox: { total: 2, unseen: 1 } });
    await Promise.all([a.stop(), b.stop()]);
  });
});
