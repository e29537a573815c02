/**
 * What the background does for each runtime request from the popup/options pages. Account
 * requests go straight to the bridge (it owns accounts and secrets); actions go through the outbox.
 */
import { ErrorCode } from '../protocol/errors';
import type { RuntimeHandlers } from '../messaging/map';
import type { MailDb } from '../store/db';
import { countPendingActions, listMessages } from '../store/queries';
import { loadSettings, saveSettings } from '../store/settings';
import type { StoreName } from '../store/schema';
import type { BridgeApi } from './bridge-api';
import { BridgeRequestError } from './bridge-client';
import type { OutboxRunner } from './outbox';
import type { SyncEngine } from './sync-engine';

export interface HandlerDeps {
  db: () => Promise<MailDb>;
  bridge: BridgeApi;
  outbox: OutboxRunner;
  sync: SyncEngine;
  onChange: (stores: StoreName[]) => void;
}

/** Upper bound for "mark all read": the cached unread rows (the popup's list). */
const MARK_ALL_LIMIT = 500;

export function createRuntimeHandlers(deps: HandlerDeps): RuntimeHandlers {
  const { bridge, outbox } = deps;
  const needBridge = () => {
    if (!bridge.isConnected) {
      throw new BridgeRequestError({
        code: ErrorCode.ConnectionFailed,
        message: 'the bridge is not connected',
        retryable: true,
      });
    }
  };
  return {
    getStatus: async () => ({ bridge: bridge.status, pendingActions: await countPendingActions(await deps.db()) }),
    performAction: async ({ ref, action, holdMs }) => ({
      actionId: (await outbox.enqueue(ref, action, { holdMs })).actionId,
    }),
    cancelAction: async ({ actionId }) => ({ cancelled: await outbox.cancel(actionId) }),
    fetchBody: async ({ ref, markRead }) => {
      needBridge();
      const body = await bridge.request('message.fetch', { ref });
      const wanted = markRead ?? (await loadSettings(await deps.db())).markReadOnOpen;
      if (wanted && !body.header.flags.some((f) => f.toLowerCase() === '\\seen')) await outbox.enqueue(ref, 'markRead');
      return body;
    },
    markAllRead: async ({ accountId }) => {
      const rows = await listMessages({ accountId, limit: MARK_ALL_LIMIT }, await deps.db());
      for (const row of rows) {
        await outbox.enqueue(
          { accountId: row.accountId, mailbox: row.mailbox, uidValidity: row.uidValidity, uid: row.uid },
          'markRead',
        );
      }
      return { queued: rows.length };
    },
    refresh: async ({ accountId }) => {
      needBridge();
      return (await bridge.request('refresh', accountId === undefined ? {} : { accountId })) as Record<string, never>;
    },
    resync: async ({ accountId }) => {
      needBridge();
      await deps.sync.resync(accountId);
      return {};
    },
    'accounts.add': async (p) => (needBridge(), bridge.request('account.add', p)),
    'accounts.update': async (p) => (needBridge(), bridge.request('account.update', p)),
    'accounts.remove': async (p) => (needBridge(), bridge.request('account.remove', p)),
    'accounts.test': async (p) => (needBridge(), bridge.request('account.test', p)),
    'accounts.autodetect': async (p) => (needBridge(), bridge.request('account.autodetect', p)),
    'mailbox.purge': async (p) => (needBridge(), bridge.request('mailbox.purge', p)),
    doctor: async () => (needBridge(), bridge.request('doctor', {})),
    'settings.update': async (patch) => {
      const next = await saveSettings(await deps.db(), patch);
      deps.onChange(['settings']);
      return next;
    },
  };
}
