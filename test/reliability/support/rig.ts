/**
 * One "rig" of the reliability suite: a private Dovecot with one user per account, each account
 * behind its own cuttable proxy, the real bridge installed as the native host of a fresh Chromium
 * profile with the built extension. A rig owns its badge: every account that counts in it lives
 * here, so "badge = the server's unread count" is the sum over this rig's accounts only.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { ImapFlow } from 'imapflow';
import { startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage, makeMessageId } from '../../harness/mail-factory';
import { openPeer, withPeer } from '../../harness/imap-peer';
import { bridgePids, installBridge, type InstalledBridge } from '../../support/bridge-install';
import { launchChromium, extensionUrl } from '../../support/chromium';
import { worker } from '../../support/mail-browser';
import { formatCount } from '../../../src/background/badge-look';
import type { MessageAction, MessageRef } from '../../../src/protocol/model';
import { CutProxy } from './cut-proxy';
import { NotificationLedger } from './ledger';

export interface RigAccount {
  user: string;
  password: string;
  /** The bridge's account id. */
  id: string;
  proxy: CutProxy;
  /** Seeded unread messages no fault has used yet (Message-IDs). */
  pool: string[];
}

export interface ServerMessage {
  uid: number;
  seen: boolean;
  flagged: boolean;
}

export interface Recovery {
  ms: number;
  /** The badge equalled the server's count (and nothing waited in the outbox) before the deadline. */
  ok: boolean;
  /** When the tooltip first showed no account offline or connecting. */
  connectedMs?: number;
  last: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Rig {
  readonly ledger: NotificationLedger;
  private readonly peers = new Map<RigAccount, ImapFlow>();
  private page?: Page;
  private constructor(
    readonly dovecot: Dovecot,
    readonly bridge: InstalledBridge,
    readonly context: BrowserContext,
    readonly accounts: RigAccount[],
  ) {
    this.ledger = new NotificationLedger(context, (acc) => this.inbox(acc));
  }

  /** Starts everything; each account gets `seeded` unread messages in INBOX before the browser starts. */
  static async start(chromium: string, users: string[], seeded: number): Promise<Rig> {
    const dovecot = await startDovecot({
      users: users.map((u) => ({ user: u, password: `${u}-password` })),
      quotaMB: 50,
    });
    const bridge = installBridge('chromium');
    const accounts: RigAccount[] = [];
    for (const user of users) {
      const proxy = new CutProxy({ host: dovecot.host, port: dovecot.ports.imaps });
      await proxy.listen();
      const pool = Array.from({ length: seeded }, () => makeMessageId());
      dovecot.seed(
        user,
        'INBOX',
        pool.map((messageId, i) => ({ raw: buildMessage({ subject: `${user} seeded ${i}`, messageId }) })),
      );
      const args = ['account', 'add', '--type', 'imap', '--host', dovecot.host, '--port', String(proxy.port)];
      args.push('--security', 'tls', '--accept-cert', dovecot.certFingerprint, '--user', user);
      args.push('--label', user, '--password-stdin', '--watch', 'INBOX');
      const id = bridge.cli(args, `${user}-password`).trim();
      accounts.push({ user, password: `${user}-password`, id, proxy, pool: [...pool].reverse() });
    }
    const context = await launchChromium(chromium, bridge.userDataDir);
    const rig = new Rig(dovecot, bridge, context, accounts);
    await rig.ledger.attach();
    return rig;
  }

  async close(): Promise<void> {
    for (const c of this.peers.values()) await c.logout().catch(() => c.close());
    await this.context.close().catch(() => {});
    for (const a of this.accounts) await a.proxy.close();
    await this.dovecot.destroy();
    this.bridge.cleanup();
  }

  /** An extension page to talk to the background as the popup does (and to wake a stopped worker). */
  async extensionPage(): Promise<Page> {
    if (!this.page || this.page.isClosed()) {
      this.page = await this.context.newPage();
      await this.page.goto(extensionUrl('popup.html'));
    }
    return this.page;
  }

  /** One typed runtime request, as src/messaging/client.ts sends it; throws on an error reply. */
  async send<T = unknown>(type: string, payload: unknown): Promise<T> {
    const page = await this.extensionPage();
    const reply = (await page.evaluate(
      (m) =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage(m),
      { mailglance: 1, type, payload },
    )) as { ok: boolean; result?: T; error?: { message: string } } | undefined;
    if (!reply?.ok) throw new Error(`${type}: ${reply?.error?.message ?? 'no answer'}`);
    return reply.result as T;
  }

  async perform(ref: MessageRef, action: MessageAction): Promise<void> {
    await this.send('performAction', { ref, action });
  }

  peer<T>(acc: RigAccount, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    return withPeer(
      { host: this.dovecot.host, port: this.dovecot.ports.imap, user: acc.user, password: acc.password },
      fn,
    );
  }

  /**
   * The server's unread count over all accounts (INBOX, the watched folder), read by a peer. The
   * peers stay logged in between calls (a login per poll costs seconds on a loaded machine and
   * would blur the recovery times); one that died with the server is opened again.
   */
  async serverUnread(): Promise<number> {
    let total = 0;
    for (const acc of this.accounts) {
      let status: Awaited<ReturnType<ImapFlow['status']>> | undefined;
      for (let attempt = 0; status === undefined; attempt++) {
        try {
          let c = this.peers.get(acc);
          if (!c?.usable) {
            c?.close();
            c = await openPeer({
              host: this.dovecot.host,
              port: this.dovecot.ports.imap,
              user: acc.user,
              password: acc.password,
            });
            this.peers.set(acc, c);
          }
          status = await c.status('INBOX', { unseen: true });
        } catch (err) {
          this.peers.get(acc)?.close();
          this.peers.delete(acc);
          if (attempt > 0) throw err;
        }
      }
      if (!status || status.unseen === undefined) throw new Error(`no STATUS for ${acc.user}`);
      total += status.unseen;
    }
    return total;
  }

  /** INBOX as a peer sees it: Message-ID → UID and flags, plus UIDVALIDITY. */
  async inbox(acc: RigAccount): Promise<{ uidValidity: string; byMessageId: Map<string, ServerMessage> }> {
    return this.folder(acc, 'INBOX');
  }

  async folder(
    acc: RigAccount,
    path: string,
  ): Promise<{ uidValidity: string; byMessageId: Map<string, ServerMessage> }> {
    return this.peer(acc, async (c) => {
      const box = await c.mailboxOpen(path, { readOnly: true });
      const byMessageId = new Map<string, ServerMessage>();
      if (box.exists > 0) {
        for await (const m of c.fetch('1:*', { uid: true, flags: true, envelope: true })) {
          const id = m.envelope?.messageId;
          if (!id) continue;
          if (byMessageId.has(id)) throw new Error(`${path} holds ${id} twice`);
          byMessageId.set(id, { uid: m.uid, seen: !!m.flags?.has('\\Seen'), flagged: !!m.flags?.has('\\Flagged') });
        }
      }
      return { uidValidity: String(box.uidValidity), byMessageId };
    });
  }

  /** The ref the extension uses for an INBOX message. */
  async refOf(acc: RigAccount, messageId: string): Promise<MessageRef> {
    const box = await this.inbox(acc);
    const m = box.byMessageId.get(messageId);
    if (!m) throw new Error(`${messageId} is not in ${acc.user}'s INBOX`);
    return { accountId: acc.id, mailbox: 'INBOX', uidValidity: box.uidValidity, uid: String(m.uid) };
  }

  /** Takes a seeded, still unread message nobody has touched yet. */
  take(acc: RigAccount): string {
    const id = acc.pool.pop();
    if (!id) throw new Error(`${acc.user}: seeded pool exhausted`);
    return id;
  }

  /** Another mail client reads a message (a change the bridge must learn from the server). */
  async readElsewhere(acc: RigAccount, messageId: string): Promise<void> {
    await this.peer(acc, async (c) => {
      await c.mailboxOpen('INBOX');
      await c.messageFlagsAdd({ header: { 'message-id': messageId } }, ['\\Seen']);
    });
  }

  /** Delivers a new message like an MTA and tells the ledger it is new in the current fault. */
  async deliver(acc: RigAccount, subject: string): Promise<string> {
    const messageId = makeMessageId();
    await this.dovecot.deliver(acc.user, buildMessage({ subject, messageId }));
    this.ledger.delivered(acc, messageId);
    return messageId;
  }

  bridgePid(): number | undefined {
    return bridgePids(this.bridge.configDir)[0];
  }

  async badge(): Promise<{ text: string; title: string }> {
    const w = await worker(this.context);
    return w.evaluate(async () => {
      type Action = { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> };
      const action = (globalThis as unknown as { chrome: { action: Action } }).chrome.action;
      return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
    });
  }

  /** Waits (deadline) until the badge tooltip matches: what the extension thinks of the accounts. */
  async waitTitle(re: RegExp, ms = 60_000): Promise<void> {
    const start = Date.now();
    while (!re.test((await this.badge()).title)) {
      if (Date.now() - start > ms) throw new Error(`badge title never matched ${re}: ${(await this.badge()).title}`);
      await sleep(100);
    }
  }

  /**
   * Waits until the extension has recovered: badge text = the server's unread count (read by a
   * peer), the tooltip shows no account offline or connecting, and the outbox is empty. Returns
   * the time since `since` (performance.now()) at which that first held.
   */
  async waitRecovered(since: number, deadlineMs: number, extra?: () => boolean): Promise<Recovery> {
    let last = '';
    let connectedMs: number | undefined;
    while (performance.now() - since < deadlineMs) {
      try {
        // The time a run recovered is when the badge was read; the server is read after it.
        const badge = await this.badge();
        const readAt = performance.now() - since;
        const server = await this.serverUnread();
        const clean = !/offline|connecting|unreachable/i.test(badge.title);
        if (clean) connectedMs ??= readAt;
        last = `badge "${badge.text}" server ${server} title ${JSON.stringify(badge.title)}`;
        if (badge.text === formatCount(server) && clean && (extra?.() ?? true)) {
          const status = await this.send<{ pendingActions: number }>('getStatus', {});
          last += ` pending ${status.pendingActions}`;
          // The badge (and the server) only settle once nothing waits in the outbox.
          if (status.pendingActions === 0 && (await this.badge()).text === formatCount(await this.serverUnread())) {
            return { ms: readAt, ok: true, connectedMs, last };
          }
        }
      } catch (err) {
        last = `error: ${(err as Error).message}`;
      }
      await sleep(50);
    }
    return { ms: performance.now() - since, ok: false, connectedMs, last };
  }
}
