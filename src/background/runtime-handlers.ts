/**
 * What the background does for each runtime request from the popup/options pages. Account
 * requests go straight to the bridge (it owns accounts and secrets); actions go through the outbox.
 */
import { ErrorCode } from '../protocol/errors';
import type { RuntimeHandlers } from '../messaging/map';
import type { MailDb } from '../store/db';
import { listOutbox } from '../store/outbox';
import { countPendingActions, getAccounts, getMailboxes, isWatched } from '../store/queries';
import { loadSettings, saveSettings } from '../store/settings';
import type { StoreName } from '../store/schema';
import type { BridgeApi, Clock } from './bridge-api';
import { BridgeRequestError } from './bridge-client';
import { loadOlder } from './older-pages';
import type { MarkAllReadTarget, OutboxRunner } from './outbox';
import type { SendQueue } from './send-queue';
import type { SyncEngine } from './sync-engine';

export interface HandlerDeps {
  db: () => Promise<MailDb>;
  bridge: BridgeApi;
  outbox: OutboxRunner;
  sync: SyncEngine;
  sends: SendQueue;
  onChange: (stores: StoreName[]) => void;
  now?: Clock;
}

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
    connectBridge: async () => {
      bridge.retryNow?.();
      return { bridge: bridge.status };
    },
    performAction: async ({ ref, action, holdMs }) => ({
      actionId: (await outbox.enqueue(ref, action, { holdMs })).actionId,
    }),
    cancelAction: async ({ actionId }) => ({ cancelled: await outbox.cancel(actionId) }),
    performActions: async ({ refs, action, holdMs }) => {
      const actionIds: string[] = [];
      for (const ref of refs) actionIds.push((await outbox.enqueue(ref, action, { holdMs })).actionId);
      return { actionIds };
    },
    cancelActions: async ({ actionIds }) => {
      let cancelled = 0;
      for (const actionId of actionIds) if (await outbox.cancel(actionId)) cancelled++;
      return { cancelled };
    },
    loadOlder: async ({ accountId }) => {
      needBridge();
      const result = await loadOlder(await deps.db(), bridge, deps.now ?? Date.now, accountId);
      if (result.added > 0) deps.onChange(['messages', 'mailboxes']);
      return result;
    },
    fetchBody: async ({ ref, markRead }) => {
      needBridge();
      const body = await bridge.request('message.fetch', { ref });
      const wanted = markRead ?? (await loadSettings(await deps.db())).markReadOnOpen;
      if (wanted && !body.header.flags.some((f) => f.toLowerCase() === '\\seen')) await outbox.enqueue(ref, 'markRead');
      return body;
    },
    markAllRead: async ({ accountId }) => {
      const targets = await markAllReadTargets(await deps.db(), accountId);
      for (const target of targets) await outbox.enqueueMarkAllRead(target);
      return { queued: targets.length };
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
    'account.add': async (p) => (needBridge(), bridge.request('account.add', p)),
    'account.update': async (p) => (needBridge(), bridge.request('account.update', p)),
    'account.remove': async (p) => (needBridge(), bridge.request('account.remove', p)),
    'account.test': async (p) => (needBridge(), bridge.request('account.test', p)),
    'account.autodetect': async (p) => (needBridge(), bridge.request('account.autodetect', p)),
    'mailbox.purge': async (p) => (needBridge(), bridge.request('mailbox.purge', p)),
    'oauth.start': async (p) => (needBridge(), bridge.request('oauth.start', p)),
    'oauth.wait': async (p) => (needBridge(), bridge.request('oauth.wait', p)),
    'oauth.cancel': async (p) => (needBridge(), bridge.request('oauth.cancel', p)),
    doctor: async () => (needBridge(), bridge.request('doctor', {})),
    'draft.send': async ({ draftId, uncertain }) => {
      const draft = await deps.sends.send(draftId, uncertain);
      return draft ? { status: draft.status, ...(draft.error ? { error: draft.error } : {}) } : { status: 'gone' };
    },
    'settings.update': async (patch) => {
      const next = await saveSettings(await deps.db(), patch);
      deps.onChange(['settings']);
      return next;
    },
  };
}

/**
 * One "mark all read" per watched mailbox that shows unread mail, of one account or all. IMAP
 * marks up to the highest UID we have seen, so mail the user has not seen yet stays unread; POP3
 * UIDLs have no order, so it names the UIDLs we hold and the bridge marks up to the latest of them
 * in the maildrop. While one waits, the server's count is stale: only a
 * cached row that still shows unread (newer mail, or marked unread since) asks for another.
 */
async function markAllReadTargets(db: MailDb, accountId?: string): Promise<MarkAllReadTarget[]> {
  const [accounts, mailboxes, pending] = await Promise.all([
    getAccounts(db),
    getMailboxes(accountId, db),
    listOutbox(db),
  ]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const targets: MarkAllReadTarget[] = [];
  for (const mb of mailboxes) {
    const account = byId.get(mb.accountId);
    if (!isWatched(account, mb)) continue;
    const waiting = pending.some(
      (p) =>
        p.action === 'markAllRead' &&
        p.ref.accountId === mb.accountId &&
        p.ref.mailbox === mb.path &&
        p.ref.uidValidity === mb.uidValidity,
    );
    const rows = (await db.getAllFromIndex('messages', 'byMailbox', [mb.accountId, mb.path])).filter(
      (r) => r.uidValidity === mb.uidValidity,
    );
    if (!rows.some((r) => r.unread) && (waiting || mb.unseen <= 0)) continue;
    const target = { accountId: mb.accountId, mailbox: mb.path, uidValidity: mb.uidValidity };
    if (account?.type === 'pop3') {
      // What the user saw, newest first; without any row the bridge marks the whole maildrop.
      const uidls = rows.sort((a, b) => b.sortDate.localeCompare(a.sortDate)).map((r) => r.uid);
      targets.push({ ...target, ...(uidls.length ? { uidls } : {}) });
    } else {
      // Without a known UID (no header seen yet under this uidValidity) IMAP marks the whole mailbox.
      targets.push({ ...target, upToUid: mb.maxUid });
    }
  }
  return targets;
}
