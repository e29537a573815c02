/** Runs the built bridge in host mode and speaks native-messaging frames to it, as a browser does. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { encodeFrame, FrameDecoder } from '../../src/bridge/native/framing';
import { BRIDGE_BUNDLE } from './built';

export class BridgeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly frames: unknown[] = [];
  readonly stdoutBytes: Buffer[] = [];
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  /** `launcher`: start through this installed launcher (its config folder baked in), as a browser does. */
  constructor(configDir: string, extraEnv: Record<string, string> = {}, launcher?: string) {
    const env = { ...process.env, MAILGLANCE_SECRET_STORE: 'file', ...extraEnv };
    this.child = launcher
      ? spawn(launcher, ['chrome-extension://test/'], { env })
      : spawn(process.execPath, [BRIDGE_BUNDLE, 'host', '--config-dir', configDir, 'chrome-extension://test/'], {
          env,
        });
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.stdoutBytes.push(chunk);
      for (const frame of decoder.push(chunk)) {
        if (!frame.ok) throw new Error(`bridge wrote a non-JSON frame: ${frame.message}`);
        this.frames.push(frame.value);
      }
      this.waiters.splice(0).forEach((w) => w());
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  send(message: unknown): void {
    this.child.stdin.write(encodeFrame(message, 64 * 1024 * 1024));
  }

  writeRaw(bytes: Buffer): void {
    this.child.stdin.write(bytes);
  }

  /** Waits for the first frame matching `predicate` (already received or future). */
  async waitFor<T = Record<string, unknown>>(
    predicate: (frame: Record<string, unknown>) => boolean,
    timeoutMs = 10_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find((f) => predicate(f as Record<string, unknown>));
      if (hit) return hit as T;
      if (Date.now() > deadline)
        throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  reply(id: string): Promise<Record<string, unknown>> {
    return this.waitFor((f) => f.kind === 'reply' && f.id === id);
  }

  async request(id: string, type: string, params: unknown = {}): Promise<Record<string, unknown>> {
    this.send({ kind: 'request', id, type, params });
    return this.reply(id);
  }

  hello(id = 'hello'): Promise<Record<string, unknown>> {
    return this.request(id, 'hello', { protocolVersion: 1, client: { name: 'test', version: '0' } });
  }

  async stop(): Promise<void> {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
