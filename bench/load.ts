/**
 * Memory under load: one bridge lifetime serving 100,000 requests — message.fetch, message.action
 * (markRead / markUnread in turn) and refresh, a third each, 32 in flight — against one account
 * on a local Dovecot. RSS is read from /proc after a warm-up, during, and after the load. Then,
 * in the same lifetime, the JS heap is compared between two heap snapshots (node's
 * --heapsnapshot-signal, which collects garbage first) taken before and after 10,000 more
 * requests: their difference over that count is what each request leaves behind. The snapshots
 * come last because writing one grows the process's RSS by itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrame, FrameDecoder } from '../src/bridge/native/framing';
import { startDovecot } from '../test/harness/dovecot';
import { bridgeSession } from './bridge-session';
import { addImapAccount, rssKiB, seedMessages, sleep } from './common';
import { round } from './stats';

/** RSS and heap figures of one loaded bridge lifetime. */
export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  errors: number;
  rssMiB: { start: number; peak: number; end: number };
  /** (end − start) ÷ start, in %. */
  rssGrowthPercent: number;
  heapMiB: { start: number; end: number };
  heapRequests: number;
  heapBytesPerRequest: number;
  rssSamplesMiB: number[];
}

const MAX_FRAME = 64 * 1024 * 1024;
const IN_FLIGHT = 32;
const HEAP_REQUESTS = 10_000;

/** Sum of self sizes in a .heapsnapshot file (V8's JSON format: `nodes` flat, `node_fields` names). */
function heapBytes(file: string): number {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[] } };
    nodes: number[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const stride = fields.length;
  const self = fields.indexOf('self_size');
  let total = 0;
  for (let i = self; i < snap.nodes.length; i += stride) total += snap.nodes[i];
  return total;
}

/** Signals the process to write a heap snapshot into `dir` and waits until the file is complete. */
async function heapSnapshot(pid: number, dir: string): Promise<number> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error('no heap snapshot written');
    await sleep(300);
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const path = join(dir, file);
    const size = statSync(path).size;
    await sleep(500);
    if (statSync(path).size !== size || size === 0) continue;
    try {
      return heapBytes(path);
    } catch {
      // Still being written.
    }
  }
}

/** Runs `requests` requests through one bridge and reports its memory before and after. */
export async function memoryUnderLoad(requests = 100_000): Promise<LoadResult> {
  const users = [{ user: 'load', password: 'load-pw' }];
  const dovecot = await startDovecot({ users });
  const session = bridgeSession();
  const diag = mkdtempSync(join(tmpdir(), 'mg-bench-heap-'));
  try {
    dovecot.seed('load', 'INBOX', seedMessages(200, 2, 'load'));
    const accountId = addImapAccount(session, dovecot.ports.imap, 'load', 'load-pw');
    const child = spawn(session.launcher, ['chrome-extension://test/'], {
      env: {
        ...process.env,
        HOME: session.home,
        MAILGLANCE_SECRET_STORE: 'file',
        NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${diag}`,
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const pid = child.pid ?? 0;
    const waiting = new Map<string, (reply: { error?: unknown }) => void>();
    let snapshot: { uidValidity: string; uids: string[] } | undefined;
    const decoder = new FrameDecoder(MAX_FRAME);
    child.stdout.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        if (!frame.ok) continue;
        const f = frame.value as {
          kind: string;
          id?: string;
          type?: string;
          error?: unknown;
          data?: { mailbox?: { path: string; uidValidity: string }; messages?: { uid: string }[] };
        };
        if (f.kind === 'reply' && f.id) waiting.get(f.id)?.(f);
        else if (f.type === 'mailbox.snapshot' && f.data?.mailbox?.path === 'INBOX' && f.data.messages) {
          snapshot = { uidValidity: f.data.mailbox.uidValidity, uids: f.data.messages.map((m) => m.uid) };
        }
      }
    });
    let seq = 0;
    const request = (type: string, params: unknown) =>
      new Promise<{ error?: unknown }>((resolve) => {
        const id = `r${++seq}`;
        waiting.set(id, (reply) => {
          waiting.delete(id);
          resolve(reply);
        });
        child.stdin.write(encodeFrame({ kind: 'request', id, type, params }, MAX_FRAME));
      });
    await request('hello', { protocolVersion: 1, client: { name: 'bench', version: '0' } });
    const deadline = Date.now() + 30_000;
    while (!snapshot) {
      if (Date.now() > deadline) throw new Error('no INBOX snapshot');
      await sleep(50);
    }
    const { uidValidity, uids } = snapshot;
    let errors = 0;
    const one = async (i: number) => {
      const ref = { accountId, mailbox: 'INBOX', uidValidity, uid: uids[i % uids.length] };
      const kind = i % 3;
      const reply =
        kind === 0
          ? await request('message.fetch', { ref })
          : kind === 1
            ? await request('message.action', {
                actionId: `load-${i}`,
                ref,
                action: Math.floor(i / 3) % 2 ? 'markUnread' : 'markRead',
              })
            : await request('refresh', { accountId });
      if (reply.error) errors++;
    };
    const run = async (from: number, count: number, onThousand?: () => void) => {
      let next = from;
      let done = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < from + count) {
            await one(next++);
            if (++done % 1000 === 0) onThousand?.();
          }
        }),
      );
    };
    // Warm-up: code paths compiled, caches filled, before the first measurement.
    await run(0, 1000);
    await sleep(1000);
    const rssStart = rssKiB(pid) / 1024;
    const samples: number[] = [rssStart];
    const t0 = performance.now();
    await run(1000, requests, () => {
      samples.push(rssKiB(pid) / 1024);
      if (samples.length % 10 === 0) process.stdout.write(`${samples.length - 1}k `);
    });
    const seconds = (performance.now() - t0) / 1000;
    await sleep(2000);
    const rssEnd = rssKiB(pid) / 1024;
    samples.push(rssEnd);
    const heapRequests = Math.min(HEAP_REQUESTS, requests);
    const heapStart = await heapSnapshot(pid, diag);
    await run(1000 + requests, heapRequests);
    await sleep(1000);
    const heapEnd = await heapSnapshot(pid, diag);
    child.stdin.end();
    return {
      requests,
      seconds: round(seconds),
      requestsPerSecond: round(requests / seconds, 0),
      errors,
      rssMiB: { start: round(rssStart), peak: round(Math.max(...samples)), end: round(rssEnd) },
      rssGrowthPercent: round(((rssEnd - rssStart) / rssStart) * 100),
      heapMiB: { start: round(heapStart / 1024 / 1024, 2), end: round(heapEnd / 1024 / 1024, 2) },
      heapRequests,
      heapBytesPerRequest: round((heapEnd - heapStart) / heapRequests, 2),
      rssSamplesMiB: samples.map((v) => round(v)),
    };
  } finally {
    await session.cleanup();
    await dovecot.destroy();
    rmSync(diag, { recursive: true, force: true });
  }
}
