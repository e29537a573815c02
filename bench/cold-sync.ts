/**
 * Benchmark 3: cold sync of a large INBOX. The bridge starts with an empty config (one account,
 * no cached state) and connects through a byte-counting proxy; measured from hello to the
 * INBOX `mailbox.snapshot` (counts + newest 50 unread). Next to it, the naive way: imapflow
 * fetching every envelope and flag set through the same kind of proxy. The maildir is indexed
 * by `doveadm index` beforehand, so both figures are the client's cost, not Dovecot's first scan.
 * The floor is raw-cold-sync.ts through its own proxy, run once before the bridge (Dovecot's
 * cache cold for those headers) and twice after; its figure is the median of the three.
 */
import { ImapFlow } from 'imapflow';
import { startDovecot, type Dovecot } from '../test/harness/dovecot';
import type { BridgeProcess } from '../test/support/bridge-process';
import { startByteProxy, type ByteProxy } from './byte-proxy';
import { bridgeSession, isMailboxEvent, type BridgeSession, type EventFrame } from './bridge-session';
import { addImapAccount, seedMessages, since } from './common';
import { rawColdSync, type RawColdSync } from './raw-cold-sync';
import { median, round } from './stats';

/** The one user of the big-mailbox server. */
export const BIG_USER = 'big';
export const BIG_PASSWORD = 'big-password';

/** The big-mailbox server and what preparing it cost. */
export interface BigMailbox {
  dovecot: Dovecot;
  messages: number;
  seedMs: number;
  indexMs: number;
}

/** A Dovecot with `messages` messages (every tenth unread) in one INBOX, pre-indexed. */
export async function prepareBigMailbox(messages: number): Promise<BigMailbox> {
  const dovecot = await startDovecot({ users: [{ user: BIG_USER, password: BIG_PASSWORD }], quotaMB: 4096 });
  let t0 = performance.now();
  const chunk = 10_000;
  for (let i = 0; i < messages; i += chunk) {
    dovecot.seed(BIG_USER, 'INBOX', seedMessages(Math.min(chunk, messages - i), 10, `big ${i}`));
  }
  const seedMs = since(t0);
  t0 = performance.now();
  await dovecot.doveadm(['index', '-u', BIG_USER, 'INBOX']);
  return { dovecot, messages, seedMs: round(seedMs, 0), indexMs: round(since(t0), 0) };
}

/** Bridge and naive figures from the same server, and their ratios (naive / bridge). */
export interface ColdSyncResult {
  messages: number;
  seedMs: number;
  doveadmIndexMs: number;
  bridge: { ms: number; bytesReceived: number; bytesSent: number; connections: number; headers: number };
  naive: { ms: number; bytesReceived: number; bytesSent: number; envelopes: number };
  ratio: { bytes: number; time: number };
  /** The raw client's runs (first one before the bridge) and their medians. */
  floor: { ms: number; bytesReceived: number; samples: RawColdSync[] };
  /** Bridge ÷ floor and bridge − floor. */
  vsFloor: { timeRatio: number; bytesRatio: number; diffMs: number };
}

/** What the resync benchmark continues with: the synced bridge and its proxy. */
export interface SyncedBridge {
  session: BridgeSession;
  bridge: BridgeProcess;
  proxy: ByteProxy;
}

async function naiveFetchAll(big: BigMailbox) {
  const proxy = await startByteProxy(big.dovecot.host, big.dovecot.ports.imap);
  const t0 = performance.now();
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: proxy.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: BIG_USER, pass: BIG_PASSWORD },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => {});
  let envelopes = 0;
  try {
    await client.connect();
    await client.mailboxOpen('INBOX', { readOnly: true });
    for await (const msg of client.fetch('1:*', { uid: true, envelope: true, flags: true })) {
      if (msg.envelope) envelopes++;
    }
    const ms = since(t0);
    return { ms: round(ms, 0), bytesReceived: proxy.received(), bytesSent: proxy.sent(), envelopes };
  } finally {
    await client.logout().catch(() => client.close());
    await proxy.close();
  }
}

/** The raw floor client through a byte proxy of its own (the bridge's path has one too). */
async function floorRun(big: BigMailbox): Promise<RawColdSync> {
  const proxy = await startByteProxy(big.dovecot.host, big.dovecot.ports.imap);
  try {
    const run = await rawColdSync({ host: '127.0.0.1', port: proxy.port, user: BIG_USER, password: BIG_PASSWORD });
    return { ...run, bytesReceived: proxy.received() };
  } finally {
    await proxy.close();
  }
}

/** Runs the floor, the bridge sync, the floor twice more, then the naive fetch; leaves the bridge running for the resync benchmark. */
export async function coldSync(big: BigMailbox): Promise<{ result: ColdSyncResult; synced: SyncedBridge }> {
  const floorSamples = [await floorRun(big)];
  const proxy = await startByteProxy(big.dovecot.host, big.dovecot.ports.imap);
  const session = bridgeSession();
  addImapAccount(session, proxy.port, BIG_USER, BIG_PASSWORD);
  const bridge = session.spawn();
  // Wait until the process is up, then count only what the sync itself costs.
  await new Promise((r) => setTimeout(r, 300));
  proxy.reset();
  const t0 = performance.now();
  await bridge.hello();
  const snap = await bridge.waitFor<EventFrame>(isMailboxEvent('mailbox.snapshot', 'INBOX'), 120_000);
  const ms = since(t0);
  const bridgeFigures = {
    ms: round(ms, 0),
    bytesReceived: proxy.received(),
    bytesSent: proxy.sent(),
    connections: proxy.connections(),
    headers: snap.data.messages?.length ?? 0,
  };
  floorSamples.push(await floorRun(big), await floorRun(big));
  const floor = {
    ms: median(floorSamples.map((f) => f.ms)),
    bytesReceived: median(floorSamples.map((f) => f.bytesReceived)),
    samples: floorSamples,
  };
  const naive = await naiveFetchAll(big);
  return {
    result: {
      messages: big.messages,
      seedMs: big.seedMs,
      doveadmIndexMs: big.indexMs,
      bridge: bridgeFigures,
      naive,
      ratio: {
        bytes: round(naive.bytesReceived / bridgeFigures.bytesReceived, 1),
        time: round(naive.ms / bridgeFigures.ms, 1),
      },
      floor,
      vsFloor: {
        timeRatio: round(bridgeFigures.ms / floor.ms, 2),
        bytesRatio: round(bridgeFigures.bytesReceived / floor.bytesReceived, 2),
        diffMs: round(bridgeFigures.ms - floor.ms),
      },
    },
    synced: { session, bridge, proxy },
  };
}
