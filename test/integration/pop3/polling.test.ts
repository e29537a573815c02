/**
 * The poll schedule against Dovecot, with fake timers for the schedule only (sockets stay real):
 * a poll every pollIntervalSec, backoff after a failure, and no polling after an auth failure.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, USER } from './helpers';

/** When set, the next session's connection is cut before QUIT (a network failure). */
let cutNext = 0;
const factory = createPop3DriverFactory({
  hooks: {
    beforeQuit: (client) => {
      if (cutNext > 0) {
        cutNext--;
        client.socket.destroy();
      }
    },
  },
});

/** Real waiting while setTimeout is faked: setInterval is left real on purpose. */
const realDelay = (ms: number) =>
  new Promise<void>((resolve) => {
    const i = setInterval(() => {
      clearInterval(i);
      resolve();
    }, ms);
  });

describe.skipIf(!requireDovecot())('POP3 polling schedule', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
    await dc.deliver(USER, buildMessage({ subject: 'first' }));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('polls every pollIntervalSec, backs off after a failure, and stops after an auth failure', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const rec = record();
    const driver = factory.create(accountFor(dc, { pollIntervalSec: 30 }), PASSWORD, rec.ctx);
    const sessions = () => rec.logs.filter((l) => l.message === 'pop3 poll').length;
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    await realDelay(50);
    expect(sessions()).toBe(1);

    await dc.deliver(USER, buildMessage({ subject: 'second' }));
    vi.advanceTimersByTime(29_000);
    await realDelay(300);
    expect(sessions()).toBe(1); // not yet
    vi.advanceTimersByTime(1_000);
    await rec.until(() => rec.of('mailbox.delta').length === 1);
    expect(rec.of('mailbox.delta')[0].added.map((h) => h.subject)).toEqual(['second']);

    // The network fails twice: the next poll fails, a retry follows within the first backoff
    // (≤ 5 s) and fails too, and the one after the second backoff (≤ 10 s) succeeds.
    // (The harness's kill/start wait with setTimeout, which is faked here, so cut the socket.)
    await realDelay(50);
    cutNext = 2;
    const failures = () => rec.logs.filter((l) => l.message === 'pop3 session failed').length;
    vi.advanceTimersByTime(30_000);
    await rec.until(() => failures() === 1);
    expect(rec.states.at(-1)?.state).toBe('reconnecting');
    await realDelay(50);
    vi.advanceTimersByTime(5_000);
    await rec.until(() => failures() === 2);
    await realDelay(50);
    vi.advanceTimersByTime(10_000);
    await rec.until(() => rec.states.at(-1)?.state === 'connected');
    await driver.stop();

    // Wrong password: one attempt, then nothing is scheduled at all.
    const bad = record();
    const wrong = factory.create(accountFor(dc, { pollIntervalSec: 30 }), 'nope', bad.ctx);
    wrong.start();
    await bad.until(() => bad.states.some((s) => s.state === 'authFailed'));
    await realDelay(50);
    expect(vi.getTimerCount()).toBe(0);
    await wrong.stop();
  });
});
