/**
 * A test harness: a tiny in-memory mail server behind the FakeBridge, the real BridgeClient over
 * the fake port (reconnect timers under the test's control), and an engine on a named
 * fake-indexeddb database. A second harness on the same database name is a restarted worker.
 */
import { ErrorCode } from '../../protocol/errors';
import type { RequestParams } from '../../protocol/messages';
import type { AccountView, MailboxStatus, MessageHeader, MessageRef } from '../../protocol/model';
import { closeMailDb, openMailDb } from '../../store/db';
import { applyAction } from '../../store/overlay';
import type { BadgeLook } from '../toolbar-badge';
import { BridgeClient } from '../bridge-client';
import { createEngine, type Engine } from '../engine';
import type { NotificationOptions } from '../notifications';
import { account, header } from '../../protocol/testing/fixtures';
import { FakeBridge, FakeReplyError } from './fake-bridge';

/** The bridge's snapshots carry the newest 50 unread headers (src/bridge/imap/headers.ts). */
const SNAPSHOT_SIZE = 50;

/** One INBOX per account: uid → header (flags live in the header). */
export class FakeServer {
  uidValidity = '1';
  readonly boxes = new Map<string, Map<string, MessageHeader>>();

  box(accountId: string): Map<string, MessageHeader> {
    let b = this.boxes.get(accountId);
    if (!b) this.boxes.set(accountId, (b = new Map()));
    return b;
  }

  deliver(accountId: string, uid: string, flags: string[] = []): MessageHeader {
    const h = header(uid, { flags });
    this.box(accountId).set(uid, h);
    return h;
  }

  status(accountId: string): MailboxStatus {
    const msgs = [...this.box(accountId).values()];
    const unseen = msgs.filter((m) => !m.flags.includes('\\Seen')).length;
    return { path: 'INBOX', name: 'Inbox', uidValidity: this.uidValidity, total: msgs.length, unseen };
  }

  snapshot(accountId: string) {
    const messages = [...this.box(accountId).values()]
      .filter((m) => !m.flags.includes('\\Seen'))
      .sort((a, b) => Number(b.uid) - Number(a.uid))
      .slice(0, SNAPSHOT_SIZE);
    return { accountId, mailbox: this.status(accountId), messages };
  }

  apply(ref: MessageRef, action: Parameters<typeof applyAction>[1]): MailboxStatus {
    const box = this.box(ref.accountId);
    const msg = box.get(ref.uid);
    if (ref.uidValidity !== this.uidValidity) {
      throw new FakeReplyError({ code: ErrorCode.MailboxChanged, message: 'UIDVALIDITY changed', retryable: false });
    }
    if (!msg) throw new FakeReplyError({ code: ErrorCode.MessageGone, message: 'no such message', retryable: false });
    const after = applyAction({ flags: msg.flags, gone: false }, action);
    if (after.gone) box.delete(ref.uid);
    else box.set(ref.uid, { ...msg, flags: after.flags });
    return this.status(ref.accountId);
  }

  /**
   * `mailbox.markAllRead`: \Seen on every message with a UID up to `upToUid`, or delivered up to
   * the last one `upToUidls` names (all without either).
   */
  markAllRead(p: RequestParams<'mailbox.markAllRead'>): MailboxStatus {
    if (p.mailbox !== 'INBOX') {
      throw new FakeReplyError({ code: ErrorCode.MessageGone, message: 'no such mailbox', retryable: false });
    }
    if (p.uidValidity !== this.uidValidity) {
      throw new FakeReplyError({ code: ErrorCode.MailboxChanged, message: 'UIDVALIDITY changed', retryable: false });
    }
    const box = this.box(p.accountId);
    const delivered = [...box.keys()];
    const last = Math.max(...(p.upToUidls ?? []).map((uid) => delivered.indexOf(uid)));
    if (p.upToUidls && last < 0) {
      throw new FakeReplyError({ code: ErrorCode.MessageGone, message: 'none listed', retryable: false });
    }
    for (const [uid, msg] of box) {
      if (p.upToUid !== undefined && Number(uid) > Number(p.upToUid)) continue;
      if (p.upToUidls && delivered.indexOf(uid) > last) continue;
      box.set(uid, { ...msg, flags: applyAction({ flags: msg.flags, gone: false }, 'markRead').flags });
    }
    return this.status(p.accountId);
  }
}

export interface Harness {
  engine: Engine;
  client: BridgeClient;
  bridge: FakeBridge;
  server: FakeServer;
  looks: BadgeLook[];
  shown: Map<string, NotificationOptions>;
  created: string[];
  tabs: string[];
  clock: { now: number };
  /** Runs the client's pending reconnect timers. */
  runReconnect(): void;
  /** Lets queued promises, IndexedDB work and the 5 ms badge timer finish. */
  settle(): Promise<void>;
  /** Stops this "worker" (port closed, DB connection closed). */
  stop(): Promise<void>;
}

export interface HarnessOptions {
  server?: FakeServer;
  accounts?: string[];
  /** Account types other than IMAP, by id. */
  types?: Record<string, AccountView['type']>;
}

export function createHarness(dbName: string, options: HarnessOptions = {}): Harness {
  const server = options.server ?? new FakeServer();
  const accounts = options.accounts ?? ['a'];
  const bridge = new FakeBridge()
    .on('accounts.list', () => ({
      accounts: accounts.map((id) => account(id, { type: options.types?.[id] ?? 'imap' })),
    }))
    .on('resync', (p) => {
      const ids = p.accountId ? [p.accountId] : accounts;
      setTimeout(() => ids.forEach((id) => bridge.emit('mailbox.snapshot', server.snapshot(id))), 0);
      return {};
    })
    .on('message.action', (p) => ({ mailbox: server.apply(p.ref, p.action) }))
    .on('mailbox.markAllRead', (p) => ({ mailbox: server.markAllRead(p) }));
  const pending: (() => void)[] = [];
  const client = new BridgeClient({
    connect: bridge.connect,
    clientVersion: 'test',
    setTimer: (fn) => pending.push(fn),
    clearTimer: () => undefined,
  });
  const clock = { now: 1_700_000_000_000 };
  const looks: BadgeLook[] = [];
  const shown = new Map<string, NotificationOptions>();
  const created: string[] = [];
  const tabs: string[] = [];
  let actionIds = 0;
  const engine = createEngine({
    client,
    db: () => openMailDb(dbName),
    applyBadge: async (look) => void looks.push(look),
    notifications: {
      create: async (id, o) => (shown.set(id, o), created.push(id), id),
      clear: async (id) => shown.delete(id),
    },
    pageUrl: (path) => `chrome-extension://test${path}`,
    openTab: async (url) => tabs.push(url),
    notificationButtons: true,
    now: () => clock.now,
    // Short timers run for real; long ones (outbox retry backoff) only when the test flushes.
    setTimer: (fn, ms) => (ms <= 50 ? setTimeout(fn, ms) : undefined),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    newActionId: () => `act-${dbName}-${++actionIds}`,
    badgeDelayMs: 5,
  });
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await engine.sync.idle();
      await engine.outbox.flush();
      await engine.notifier.notify([]);
    }
    await engine.badge.update();
  };
  return {
    engine,
    client,
    bridge,
    server,
    looks,
    shown,
    created,
    tabs,
    clock,
    runReconnect: () => pending.splice(0).forEach((fn) => fn()),
    settle,
    stop: async () => {
      client.stop();
      await settle();
      await closeMailDb(dbName);
    },
  };
}
