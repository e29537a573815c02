import { describe, expect, it } from 'vitest';
import {
  createConnector,
  createMockConnector,
  RuntimeRequestError,
  sendToBackground,
  setBackgroundConnector,
} from './client';
import type { RuntimeHandlers } from './map';
import { createRuntimeRouter } from './router';

const options = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };
const page = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const ref = { accountId: 'a', mailbox: 'INBOX', uidValidity: '1', uid: '5' };

function handlers(calls: unknown[]): RuntimeHandlers {
  const fail = async () => {
    throw new Error('not in this test');
  };
  return {
    getStatus: fail,
    connectBridge: fail,
    performAction: async (p) => (calls.push(p), { actionId: 'x1' }),
    cancelAction: fail,
    performActions: fail,
    cancelActions: fail,
    loadOlder: fail,
    fetchBody: fail,
    markAllRead: async () => {
      throw Object.assign(new Error('bridge away'), { code: 'CONNECTION_FAILED', retryable: true });
    },
    refresh: fail,
    resync: fail,
    'account.add': fail,
    'account.update': fail,
    'account.remove': fail,
    'account.test': fail,
    'account.autodetect': fail,
    'mailbox.purge': fail,
    'oauth.start': fail,
    'oauth.wait': fail,
    'oauth.cancel': fail,
    doctor: fail,
    'settings.update': fail,
    'draft.send': fail,
  } as RuntimeHandlers;
}

describe('runtime router', () => {
  it('serves a valid request from an own page', async () => {
    const calls: unknown[] = [];
    const route = createRuntimeRouter(handlers(calls), options);
    const reply = await route({ mailglance: 1, type: 'performAction', payload: { ref, action: 'markRead' } }, page);
    expect(reply).toEqual({ ok: true, result: { actionId: 'x1' } });
    expect(calls).toEqual([{ ref, action: 'markRead' }]);
  });

  it('refuses content scripts, web pages and other extensions', async () => {
    const calls: unknown[] = [];
    const route = createRuntimeRouter(handlers(calls), options);
    const msg = { mailglance: 1, type: 'performAction', payload: { ref, action: 'delete' } };
    for (const sender of [
      { id: 'ext-id', url: 'https://evil.example/' }, // our content script on a web page
      { id: 'other', url: 'chrome-extension://other/popup.html' },
      { id: 'ext-id' },
      { url: 'chrome-extension://ext-id/popup.html' },
    ]) {
      expect(await route(msg, sender)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toEqual([]);
  });

  it('rejects unknown types and invalid payloads, ignores foreign messages, passes error codes on', async () => {
    const calls: unknown[] = [];
    const route = createRuntimeRouter(handlers(calls), options);
    expect(route({ something: 'else' }, page)).toBeUndefined();
    expect(await route({ mailglance: 1, type: 'eval', payload: {} }, page)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TYPE' },
    });
    expect(
      await route({ mailglance: 1, type: 'performAction', payload: { ref, action: 'explode' } }, page),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    // An undo window is bounded: an action held for an hour would look lost.
    expect(
      await route(
        { mailglance: 1, type: 'performAction', payload: { ref, action: 'delete', holdMs: 3_600_000 } },
        page,
      ),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await route({ mailglance: 1, type: 'markAllRead', payload: {} }, page)).toEqual({
      ok: false,
      error: { code: 'CONNECTION_FAILED', message: 'bridge away', retryable: true },
    });
    expect(calls).toEqual([]);
  });
});

describe('client', () => {
  it('round-trips through the router and turns error replies into RuntimeRequestError', async () => {
    const route = createRuntimeRouter(handlers([]), options);
    const connector = createConnector((m) => route(m, page) ?? Promise.resolve(undefined));
    expect(await connector.send('performAction', { ref, action: 'flag' })).toEqual({ actionId: 'x1' });
    const error = await connector.send('markAllRead', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeRequestError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true });
  });

  it('sendToBackground uses a mock connector when one is set', async () => {
    setBackgroundConnector(createMockConnector({ markAllRead: ({ accountId }) => ({ queued: accountId ? 1 : 2 }) }));
    expect(await sendToBackground('markAllRead', { accountId: 'a' })).toEqual({ queued: 1 });
    await expect(sendToBackground('doctor', {})).rejects.toMatchObject({ code: 'UNKNOWN_TYPE' });
    setBackgroundConnector(undefined);
  });
});
