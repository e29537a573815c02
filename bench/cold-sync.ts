/**
 * Benchmark 3: cold sync of a large INBOX. The bridge starts with an empty config (one account,
 * no cached state) and connects through a byte-counting proxy; measured from hello to the
 * INBOX `mailbox.snapshot` (counts + newest 50 unread). Next to it, the naive way: imapflow
 * fetching every envelope and flag set through the same kind of proxy. The maildir is indexed
 * by `doveadm index` beforehand, so both figures are the client's cost, not Dovecot's first scan.
 * The floor is raw-cold-sync.ts through its own proxy. Floor and bridge take turns, three runs
 * each (the floor first: it meets Dovecot's cache cold for those headers), each bridge run a new
 * process with a new config; both figures are the medians of their three (one run of either
 * swings by a factor of two on a shared machine).
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
  bridge: BridgeColdSync & { samples: BridgeColdSync[] };
  naive: { ms: number; bytesReceived: number; bytesSent: number; envelopes: number };
  ratio: { bytes: number; time: number };
  /** The raw client's runs (first one before the bridge) and their medians. */
  floor: { ms: number; bytesReceived: number; samples: RawColdSync[] };
  /** Bridge ÷ floor and bridge − floor. */
  vsFloor: { timeRatio: number; bytesRatio: number; diffMs: number };
}

/** One bridge run: hello → INBOX snapshot, and what crossed its proxy. */
export interface BridgeColdSync {
  ms: number;
  bytesReceived: number;
  bytesSent: number;
  connections: number;
  headers: number;
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

/** A new bridge process syncing the big INBOX from an empty config; left running. */
async function bridgeRun(big: BigMailbox): Promise<{ run: BridgeColdSync; synced: SyncedBridge }> {
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
  const run = {
    ms: round(ms, 0),
    bytesReceived: proxy.received(),
    bytesSent: proxy.sent(),
    connections: proxy.connections(),
    headers: snap.data.messages?.length ?? 0,
  };
  return { run, synced: { session, bridge, proxy } };
}

/**
 * Floor and bridge in turn, three runs each, then the naive fetch; leaves the last bridge
 * running for the resync benchmark.
 */
export async function coldSync(big: BigMailbox): Promise<{ result: ColdSyncResult; synced: SyncedBridge }> {
  const floorSamples: RawColdSync[] = [];
  const bridgeSamples: BridgeColdSync[] = [];
  let synced: SyncedBridge | undefined;
  for (let i = 0; i < 3; i++) {
    if (synced) {
      await synced.proxy.close();
      await synced.session.cleanup();
    }
    floorSamples.push(await floorRun(big));
    const next = await bridgeRun(big);
    bridgeSamples.push(next.run);
    synced = next.synced;
  }
  const medianOf = <T>(samples: T[], field: keyof T & string) => median(samples.map((sample) => Number(sample[field])));
  const bridgeFigures = {
    ms: medianOf(bridgeSamples, 'ms'),
    bytesReceived: medianOf(bridgeSamples, 'bytesReceived'),
    bytesSent: medianOf(bridgeSamples, 'bytesSent'),
    connections: medianOf(bridgeSamples, 'connections'),
    headers: medianOf(bridgeSamples, 'headers'),
    samples: bridgeSamples,
  };
  const floor = {
    ms: medianOf(floorSamples, 'ms'),
    bytesReceived: medianOf(floorSamples, 'bytesReceived'),
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
    synced: synced!,
  };
}
