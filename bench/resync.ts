/**
 * Benchmark 4: resync after a reconnect with 3 changes made meanwhile by another client (2 messages
 * marked \Seen, 1 delivery). The proxy cuts the bridge's connections, the peer makes the changes
 * directly on the server, the proxy accepts again; measured from the first reconnection to the
 * INBOX event whose counts reflect all three, and the bytes received after the resume.
 * The floor (raw-resync.ts) takes its sync point while the line is cut, before the changes, and
 * resyncs through a proxy of its own after the bridge's round.
 */
import { buildMessage } from '../test/harness/mail-factory';
import { withPeer } from '../test/harness/imap-peer';
import { isMailboxEvent, type EventFrame } from './bridge-session';
import { BIG_PASSWORD, BIG_USER, type BigMailbox, type SyncedBridge } from './cold-sync';
import { startByteProxy } from './byte-proxy';
import { sleep } from './common';
import { rawResync, syncPoint, type RawResync } from './raw-resync';
import { median, round } from './stats';

/** One cut → changes → resume cycle. */
export interface ResyncRound {
  /** First reconnection accepted by the proxy → the event reflecting the 3 changes. */
  ms: number;
  /** Resume → first reconnection (the bridge's backoff, not sync work). */
  reconnectAfterResumeMs: number;
  bytesReceived: number;
  event: string;
  /** Which events (type) arrived for INBOX between the resume and the one reflecting the changes. */
  events: string[];
  /** The raw QRESYNC client's resync of the same changes. */
  floor: RawResync;
}

/** Medians over the rounds, and every round. */
export interface ResyncResult {
  rounds: number;
  mailboxMessages: number;
  medianMs: number;
  medianBytesReceived: number;
  medianReconnectAfterResumeMs: number;
  floorMedianMs: number;
  floorMedianBytesReceived: number;
  /** Median over rounds of bridge ÷ floor and bridge − floor (time). */
  vsFloor: { timeRatio: number; diffMs: number; bytesRatio: number };
  samples: ResyncRound[];
}

async function oneRound(big: BigMailbox, s: SyncedBridge, round_: number): Promise<ResyncRound> {
  const peer = { host: big.dovecot.host, port: big.dovecot.ports.imap, user: BIG_USER, password: BIG_PASSWORD };
  s.proxy.pause();
  const point = await syncPoint(peer);
  const expectedUnseen = await withPeer(peer, async (c) => {
    await c.mailboxOpen('INBOX');
    const unseen = ((await c.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b);
    await c.messageFlagsAdd(unseen.slice(-2), ['\\Seen'], { uid: true });
    return unseen.length - 2 + 1;
  });
  await big.dovecot.deliver(BIG_USER, buildMessage({ subject: `resync ${round_}` }));
  const from = s.bridge.frames.length;
  await sleep(200);
  s.proxy.reset();
  const resumedAt = performance.now();
  s.proxy.resume();
  const inbox = (f: Record<string, unknown>) =>
    isMailboxEvent('mailbox.delta', 'INBOX')(f) || isMailboxEvent('mailbox.snapshot', 'INBOX')(f);
  const hit = await s.bridge.waitFor<EventFrame>(
    (f) =>
      s.bridge.frames.indexOf(f) >= from &&
      inbox(f) &&
      (f as unknown as EventFrame).data.mailbox.unseen === expectedUnseen,
    60_000,
  );
  const at = performance.now();
  const reconnectedAt = s.proxy.acceptedAt()[0];
  const events = s.bridge.frames
    .slice(from, s.bridge.frames.indexOf(hit) + 1)
    .filter((f) => inbox(f as Record<string, unknown>))
    .map((f) => (f as EventFrame).type);
  const bytesReceived = s.proxy.received();
  // The bridge's push connection may still be opening INBOX; Dovecot opens a mailbox for one
  // connection at a time, and the floor must not wait behind it.
  await sleep(1500);
  const floorProxy = await startByteProxy(big.dovecot.host, big.dovecot.ports.imap);
  let floor: RawResync;
  try {
    floor = await rawResync({ ...peer, host: '127.0.0.1', port: floorProxy.port }, point);
    floor.bytesReceived = floorProxy.received();
  } finally {
    await floorProxy.close();
  }
  return {
    ms: round(at - reconnectedAt),
    reconnectAfterResumeMs: round(reconnectedAt - resumedAt),
    bytesReceived,
    event: hit.type,
    events,
    floor,
  };
}

/** `rounds` cycles on the already synced bridge of the cold-sync benchmark. */
export async function resync(big: BigMailbox, s: SyncedBridge, rounds = 3): Promise<ResyncResult> {
  const samples: ResyncRound[] = [];
  for (let i = 0; i < rounds; i++) {
    // Let the reconnected bridge settle into IDLE before the next cut.
    await sleep(1500);
    samples.push(await oneRound(big, s, i));
  }
  return {
    rounds,
    mailboxMessages: big.messages,
    medianMs: median(samples.map((r) => r.ms)),
    medianBytesReceived: median(samples.map((r) => r.bytesReceived)),
    medianReconnectAfterResumeMs: median(samples.map((r) => r.reconnectAfterResumeMs)),
    floorMedianMs: median(samples.map((r) => r.floor.ms)),
    floorMedianBytesReceived: median(samples.map((r) => r.floor.bytesReceived)),
    vsFloor: {
      timeRatio: round(median(samples.map((r) => r.ms / r.floor.ms)), 2),
      diffMs: round(median(samples.map((r) => r.ms - r.floor.ms))),
      bytesRatio: round(median(samples.map((r) => r.bytesReceived / r.floor.bytesReceived)), 2),
    },
    samples,
  };
}
