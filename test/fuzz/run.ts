/**
 * Fuzz run against the real bridge host process, started as a browser starts it (through the
 * launcher `install` writes, with its memory settings): hostile frames in batches, and for every
 * frame exactly one answer that passes the protocol's own schemas (a reply to its id, or a
 * `protocol.error` event when it has no usable id). At the end: no crash, no violation, no
 * unanswered frame, and RSS flat: at the end, within 20 % of its value after the warm-up (both
 * read once the bridge has been idle for a moment; the highest reading in between is reported). Then the frames that end a session (huge declared
 * lengths, a truncated last frame) against fresh processes, each of which must exit 0.
 *
 *   npm run test:fuzz                      # 100,000 frames (CI size)
 *   npm run test:fuzz -- --frames=1000000  # or FUZZ_FRAMES=1000000; --seed=N replays a run
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameDecoder } from '../../src/bridge/native/framing';
import { launcherScript } from '../../src/bridge/install/install';
import { frameKind, parseEvent, parseReply, parseResult, type RequestType } from '../../src/protocol';
import { BRIDGE_BUNDLE, requireBuilt } from '../support/built';
import { lengthPrefixed, nextFrame, Rng } from './frames';

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

const FRAMES = Number(arg('frames') ?? process.env.FUZZ_FRAMES ?? 100_000);
const SEED = Number(arg('seed') ?? process.env.FUZZ_SEED ?? Date.now() % 0x7fffffff);
const BATCH = 256;
const ANSWER_TIMEOUT_MS = 30_000;
/**
 * Flat RSS, read from /proc after every batch. RSS under a stream of frames is a saw: garbage piles
 * up between V8's major collections and drops at each, so single readings say more about when the
 * last collection ran than about what the bridge keeps. What it keeps is the floor of the saw:
 * the lowest reading in the last tenth of the run must be within RSS_TOLERANCE of the lowest in
 * the window after the warm-up (by then every request type has run and the modules loaded on first
 * use, imapflow and postal-mime, are in). A leak raises the floor; garbage does not.
 *
 * Measured here with the launcher's memory settings, 100,000 frames: about 60 MB after the first
 * batch, readings between 60 and 93 MB for the rest of the run. Without those settings the same
 * run sits at 110–125 MB.
 */
const WARMUP = Math.min(10_000, Math.floor(FRAMES / 10));
const RSS_TOLERANCE = 0.2;

/** Lowest of `readings` whose frame count is in (from, to]. */
function floorOf(readings: Array<[sent: number, rss: number]>, from: number, to: number): number {
  return Math.min(...readings.filter(([sent]) => sent > from && sent <= to).map(([, rss]) => rss));
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

class Host {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  /** Outstanding replies by id (a hostile id can repeat). */
  readonly pending = new Map<string, { count: number; type?: RequestType }>();
  expectedEvents = 0;
  violations: string[] = [];
  private wake: (() => void) | undefined;
  private stderr = '';

  constructor(readonly dir: string) {
    // The launcher execs node, so its pid is the bridge's (RSS is read from /proc/<pid>).
    const launcher = `${dir}-launcher`;
    writeFileSync(launcher, launcherScript([process.execPath, BRIDGE_BUNDLE], dir, process.platform));
    chmodSync(launcher, 0o755);
    this.child = spawn(launcher, ['chrome-extension://fuzz/'], {
      env: { ...process.env, MAILGLANCE_SECRET_STORE: 'file' },
    });
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    this.child.stdout.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        if (!f.ok) this.violation(`non-JSON frame from the bridge: ${f.message}`);
        else this.check(f.value);
      }
      this.wake?.();
    });
    this.child.stderr.on('data', (c: Buffer) => (this.stderr = (this.stderr + c.toString()).slice(-4000)));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  private violation(what: string) {
    if (this.violations.length < 20) this.violations.push(what.slice(0, 300));
    else this.violations.length++;
  }

  private check(raw: unknown) {
    const kind = frameKind(raw);
    if (kind === 'reply') {
      const reply = parseReply(raw);
      if (!reply.ok) return this.violation(`reply fails the schema: ${reply.message}`);
      const slot = this.pending.get(reply.value.id);
      if (!slot) return this.violation(`reply to an id nobody is waiting for: ${reply.value.id}`);
      if (--slot.count === 0) this.pending.delete(reply.value.id);
      if (reply.value.ok && slot.type) {
        const result = parseResult(slot.type, reply.value.result);
        if (!result.ok) this.violation(`${slot.type} result fails the schema: ${result.message}`);
      }
    } else if (kind === 'event') {
      const ev = parseEvent(raw);
      if (!ev.ok) return this.violation(`event fails the schema: ${ev.message}`);
      if (ev.value.type === 'protocol.error') this.expectedEvents--;
    } else {
      this.violation('a frame that is neither reply nor event');
    }
  }

  write(bytes: Buffer): boolean {
    return this.child.stdin.write(bytes);
  }

  outstanding(): number {
    let n = this.expectedEvents;
    for (const slot of this.pending.values()) n += slot.count;
    return n;
  }

  /** Resolves when every frame sent so far is answered; throws after the timeout or an exit. */
  async drain(): Promise<void> {
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (this.outstanding() > 0) {
      if (this.child.exitCode !== null) throw new Error(`bridge exited (${this.child.exitCode}): ${this.stderr}`);
      if (Date.now() > deadline)
        throw new Error(`${this.outstanding()} frames unanswered after ${ANSWER_TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  async stop(): Promise<number | null> {
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    const code = await this.exited;
    clearTimeout(t);
    return code;
  }
}

/** Frames that end the session: the bridge must say why (or just wait) and exit 0, never crash. */
async function terminalCases(root: string): Promise<{ count: number; failures: string[] }> {
  const cases: Array<[string, Buffer]> = [
    ['a declared length of 4 GiB', Buffer.from([0xff, 0xff, 0xff, 0xff])],
    ['a declared length of 4 MiB + 1', Buffer.from([0x01, 0x00, 0x40, 0x00])],
    ['a truncated length prefix', Buffer.from([0x10, 0x00])],
    [
      'a frame cut short before end of input',
      Buffer.concat([lengthPrefixed(Buffer.from('{"kind":"request"')).subarray(0, 12)]),
    ],
    [
      'a declared length of 3 MiB with 10 bytes sent',
      Buffer.concat([Buffer.from([0, 0, 0x30, 0]), Buffer.alloc(10, 0x20)]),
    ],
  ];
  const failures: string[] = [];
  for (const [name, bytes] of cases) {
    const host = new Host(join(root, name.replace(/\W+/g, '-')));
    host.write(bytes);
    const code = await host.stop();
    if (code !== 0) failures.push(`${name}: exit ${code}`);
    if (host.violations.length) failures.push(`${name}: ${host.violations.join('; ')}`);
  }
  return { count: cases.length, failures };
}

async function main(): Promise<void> {
  requireBuilt(BRIDGE_BUNDLE);
  const root = mkdtempSync(join(tmpdir(), 'mg-fuzz-'));
  const rng = new Rng(SEED);
  console.log(`fuzz: ${FRAMES} frames, seed ${SEED}`);
  const host = new Host(join(root, 'config'));
  let sent = 0;
  let bytes = 0;
  const readings: Array<[sent: number, rss: number]> = [];
  const t0 = performance.now();
  let failed: Error | undefined;
  try {
    while (sent < FRAMES) {
      const n = Math.min(BATCH, FRAMES - sent);
      const chunks: Buffer[] = [];
      for (let i = 0; i < n; i++) {
        const f = nextFrame(rng);
        if (f.id !== undefined) {
          const slot = host.pending.get(f.id);
          if (slot) {
            slot.count++;
            if (slot.type !== f.type) slot.type = undefined;
          } else host.pending.set(f.id, { count: 1, type: f.type });
        } else host.expectedEvents++;
        chunks.push(f.bytes);
        bytes += f.bytes.length;
      }
      // Several frames per write, as a browser's pipe delivers them.
      for (let i = 0; i < chunks.length; i += 16) host.write(Buffer.concat(chunks.slice(i, i + 16)));
      sent += n;
      await host.drain();
      readings.push([sent, rssBytes(host.child.pid!)]);
    }
  } catch (error) {
    failed = error as Error;
  }
  const seconds = (performance.now() - t0) / 1000;
  const code = await host.stop();
  const terminal = await terminalCases(root);
  rmSync(root, { recursive: true, force: true });

  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  const start = readings[0]?.[1] ?? NaN;
  const afterWarmup = floorOf(readings, WARMUP, 2 * WARMUP);
  const atEnd = floorOf(readings, sent - Math.max(BATCH, sent / 10), sent);
  const highest = Math.max(...readings.map(([, rss]) => rss));
  const growth = atEnd / afterWarmup - 1;
  console.log(
    `fuzz: ${sent} frames (${mb(bytes)} MB) in ${seconds.toFixed(1)} s = ${Math.round(sent / seconds)} frames/s; ` +
      `+${terminal.count} session-ending frames`,
  );
  console.log(
    `fuzz: RSS after the first ${BATCH} frames ${mb(start)} MB; lowest after the warm-up ${mb(afterWarmup)} MB; ` +
      `lowest in the last tenth ${mb(atEnd)} MB (${pct(growth)} on the warm-up, ${pct(atEnd / start - 1)} on the first reading); ` +
      `highest ${mb(highest)} MB`,
  );
  const problems = [
    ...(failed ? [failed.message] : []),
    ...(code !== 0 ? [`bridge exit code ${code} after stdin closed`] : []),
    ...host.violations.map((v) => `violation: ${v}`),
    ...terminal.failures,
    ...(!(growth <= RSS_TOLERANCE) ? [`RSS grew ${(growth * 100).toFixed(1)} % (limit ${RSS_TOLERANCE * 100} %)`] : []),
  ];
  console.log(`fuzz: ${host.violations.length} protocol violations, ${code === 0 && !failed ? 0 : 1} crashes`);
  if (problems.length) {
    console.error(`fuzz FAILED (seed ${SEED}):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('fuzz: OK');
}

void main();
