/**
 * Process plumbing for the Dovecot harness: free ports, a watchdog shell that owns the master,
 * process-group cleanup, running helper programs, and the self-signed certificate.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}

/**
 * `n` distinct free loopback ports. Every probe socket stays open until all are bound: the
 * kernel may hand a just-closed port out again, and two listeners on one port make Dovecot
 * refuse its config ("duplicate listener").
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const srv = createServer();
      srv.unref();
      servers.push(srv);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            if (addr && typeof addr === 'object') resolve(addr.port);
            else reject(new Error('no port'));
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
  }
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * Runs the master ($0 = dovecot binary, $1 = config) and stops it when stdin reaches EOF:
 * SIGTERM, up to 1.5 s grace, then SIGKILL. A planned stop writes "stop" first; bare EOF means
 * the test process died, and then the temp folder $2 is removed as well.
 */
export const WATCHDOG = `"$0" -F -c "$1" </dev/null &
pid=$!
read cmd || cmd=""
kill -TERM $pid 2>/dev/null
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 15 ]; do sleep 0.1; i=$((i+1)); done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
[ "$cmd" = stop ] || rm -rf "$2"
exit 0`;

/** Every live instance, so a crashing test process still kills its servers. */
export const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Live (non-zombie) processes in a process group; zombies of a killed master are not running. */
export function groupProcesses(pgid: number): string[] {
  const res = spawnSync('ps', ['-eo', 'pgid=,stat=,pid=,args='], { encoding: 'utf8' });
  return res.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[0] === String(pgid) && !f[1]?.startsWith('Z'))
    .map((f) => f.slice(2).join(' '));
}

export async function waitGroupGone(pgid: number | undefined, ms: number): Promise<void> {
  if (pgid === undefined) return;
  const deadline = Date.now() + ms;
  while (groupProcesses(pgid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

export function run(cmd: string, args: string[], input?: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim()}`)),
    );
    child.stdin.end(input ?? '');
  });
}

export function makeCert(dir: string): { pem: string; fingerprint: string } {
  const res = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`openssl failed: ${res.stderr || res.error?.message}`);
  const pem = readFileSync(join(dir, 'cert.pem'), 'utf8');
  return { pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}
