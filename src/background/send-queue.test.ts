import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestParams, RequestResult, RequestType } from '../protocol';
import { account, freshDbName } from '../protocol/testing/fixtures';
import { openMailDb, type MailDb } from '../store/db';
import { getDraft, putDraft, type DraftRecord } from '../store/drafts';
import { replaceAccounts } from '../store/sync-writes';
import type { BridgeApi } from './bridge-api';
import { SendQueue } from './send-queue';

type Answer = RequestResult<'message.send'> | { code: string; message: string; retryable: boolean };

/** A bridge that answers `message.send` from a script and records what it was asked. */
function fakeBridge(answers: Answer[]) {
  const sent: RequestParams<'message.send'>[] = [];
  const api = {
    isConnected: true,
    status: { state: 'connected' },
    async request<T extends RequestType>(type: T, params: RequestParams<T>): Promise<RequestResult<T>> {
      if (type !== 'message.send') throw new Error(`unexpected ${type}`);
      sent.push(params as RequestParams<'message.send'>);
      const answer = answers.shift();
      if (!answer) throw new Error('no scripted answer');
      if ('code' in answer) throw Object.assign(new Error(answer.message), answer);
      return answer as RequestResult<T>;
    },
  };
  return { api: api as unknown as BridgeApi & { isConnected: boolean }, sent };
}

const ok = (messageId: string): RequestResult<'message.send'> => ({
  messageId,
  accepted: ['bob@example.com'],
  rejected: [],
  alreadySent: false,
  sentCopy: 'appended',
  answered: false,
});

let db: MailDb;
const draft = (extra: Partial<DraftRecord> = {}): DraftRecord => ({
  id: 'd1',
  accountId: 'a1',
  kind: 'new',
  to: 'bob@example.com',
  cc: '',
  bcc: '',
  subject: 'Hi',
  text: 'Hello',
  status: 'editing',
  createdAt: 1,
  updatedAt: 1,
  ...extra,
});

beforeEach(async () => {
  db = await openMailDb(freshDbName());
  await replaceAccounts(db, [account('a1', { user: 'alice@example.com' })]);
});

describe('SendQueue', () => {
  it('fixes the Message-ID once and marks the draft sent when the bridge confirms', async () => {
    const bridge = fakeBridge([]);
    const queue = new SendQueue({ db: async () => db, bridge: bridge.api, onChange: () => {} });
    await putDraft(draft(), db);
    bridge.api.isConnected = false;
    expect(await queue.send('d1')).toMatchObject({ status: 'queued', error: { retryable: true } });
    const queued = await getDraft('d1', db);
    expect(queued?.messageId).toMatch(/^<[^@]+@example\.com>$/);
    bridge.api.isConnected = true;
    const first: Answer[] = [{ code: 'CONNECTION_FAILED', message: 'server unreachable', retryable: true }];
    const scripted = fakeBridge([...first, ok(queued!.messageId!)]);
    const q2 = new SendQueue({ db: async () => db, bridge: scripted.api, onChange: () => {} });
    await q2.flush();
    expect(await getDraft('d1', db)).toMatchObject({ status: 'queued', error: { message: 'server unreachable' } });
    await q2.flush();
    expect(await getDraft('d1', db)).toMatchObject({ status: 'sent', result: { sentCopy: 'appended' } });
    // Every try carried the same Message-ID and Date: the bridge's idempotency key.
    expect(new Set(scripted.sent.map((p) => p.messageId))).toEqual(new Set([queued!.messageId]));
    expect(new Set(scripted.sent.map((p) => p.date))).toEqual(new Set([queued!.date]));
  });

  it('keeps the draft as typed on a final error, and marks an uncertain send for the user', async () => {
    const bridge = fakeBridge([
      { code: 'RECIPIENT_REFUSED', message: 'recipient refused: 550 no such user', retryable: false },
      { code: 'SEND_UNCERTAIN', message: 'may have been sent', retryable: false },
    ]);
    const queue = new SendQueue({ db: async () => db, bridge: bridge.api, onChange: () => {} });
    await putDraft(draft({ text: 'exactly this' }), db);
    expect(await queue.send('d1')).toMatchObject({
      status: 'failed',
      text: 'exactly this',
      error: { code: 'RECIPIENT_REFUSED' },
    });
    expect(await queue.send('d1')).toMatchObject({ status: 'uncertain' });
    await queue.flush(); // an uncertain draft is never retried on its own
    expect(bridge.sent).toHaveLength(2);
  });

  it('retries a retryable failure after a backoff, with the bridge connected all along', async () => {
    const timers: { fn: () => void; ms: number }[] = [];
    const bridge = fakeBridge([{ code: 'CONNECTION_FAILED', message: 'server unreachable', retryable: true }]);
    const queue = new SendQueue({
      db: async () => db,
      bridge: bridge.api,
      onChange: () => {},
      setTimer: (fn, ms) => timers.push({ fn, ms }),
    });
    await putDraft(draft(), db);
    expect(await queue.send('d1')).toMatchObject({ status: 'queued' });
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBeGreaterThanOrEqual(1_000);
    expect(timers[0]!.ms).toBeLessThanOrEqual(2_000);
    const { messageId } = (await getDraft('d1', db))!;
    bridge.sent.length = 0;
    const answers = [ok(messageId!)];
    (bridge.api as unknown as { request: BridgeApi['request'] }).request = (async () => answers.shift()) as never;
    timers[0]!.fn();
    await expect.poll(async () => (await getDraft('d1', db))?.status).toBe('sent');
  });

  it('refuses a draft with a bad address before the bridge sees it', async () => {
    const bridge = fakeBridge([]);
    const queue = new SendQueue({ db: async () => db, bridge: bridge.api, onChange: () => {} });
    await putDraft(draft({ to: 'bob, x@y.example.com' }), db);
    expect(await queue.send('d1')).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('bob') },
    });
    expect(bridge.sent).toHaveLength(0);
  });
});
