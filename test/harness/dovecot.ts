/**
 * A private Dovecot (IMAP + POP3) per test file: its own temp folder, free loopback ports, a
 * self-signed certificate made at start, passwd-file users, maildir, special-use folders and the
 * quota plugin. Mail arrives the way an MTA delivers it (dovecot-lda) or by APPEND from another
 * client. See docs/architecture.md for the quirks of Dovecot in these containers.
 *
 * ```ts
 * const dc = await startDovecot({ users: [{ user: 'alice', password: 'pw' }] });
 * await dc.deliver('alice', buildMessage({ subject: 'hi' }));
 * await dc.stop();
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { renderDovecotConfig, renderOAuth2Config } from './dovecot-config';
import {
  WATCHDOG,
  canConnect,
  freePorts,
  groupProcesses,
  killGroup,
  live,
  makeCert,
  run,
  waitGroupGone,
} from './dovecot-process';
import { withPeer } from './imap-peer';
import { writeMaildir, type SeedMessage } from './maildir-seed';

export const DOVECOT_BIN = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
export const DOVECOT_LDA = process.env.DOVECOT_LDA ?? '/usr/lib/dovecot/dovecot-lda';
export const DOVEADM_BIN = process.env.DOVEADM_BIN ?? '/usr/bin/doveadm';

export { groupProcesses } from './dovecot-process';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users: DovecotUser[];
  /** Quota limit in MiB (STORAGE, RFC 9208). Default 10. */
  quotaMB?: number;
  /** Extra dovecot.conf lines appended at the end, e.g. `imap_capability = ...` to hide an extension. */
  extraConfig?: string;
  /** Offer APOP besides PLAIN and LOGIN (POP3 login tests). */
  apop?: boolean;
  /**
   * Accept OAuth bearer tokens (SASL XOAUTH2 and OAUTHBEARER) besides passwords, checked against
   * this introspection endpoint (`startOAuthServer().introspectionUrl`, test/harness/oauth-server.ts).
   */
  oauth2?: { introspectionUrl: string };
}

export interface DovecotPorts {
  imap: number;
  imaps: number;
  pop3: number;
  pop3s: number;
}

export interface Dovecot {
  host: '127.0.0.1';
  ports: DovecotPorts;
  /** SHA-256 of the server certificate's DER, upper-case hex with colons (`AB:CD:...`). */
  certFingerprint: string;
  /** PEM of the self-signed certificate. */
  certPem: string;
  configPath: string;
  dir: string;
  users: DovecotUser[];
  /** Deliver like an MTA: `dovecot-lda -d user [-m folder]` (folder is created if missing). */
  deliver(user: string, raw: string | Buffer, folder?: string): Promise<void>;
  /** APPEND through a separate IMAP client; resolves with the new UID when UIDPLUS reports it. */
  append(user: string, folder: string, raw: string | Buffer, flags?: string[]): Promise<number | undefined>;
  /**
   * Write messages straight into a folder's maildir (`cur/`), fast for thousands of messages.
   * Dovecot sees them at its next scan of that folder, without any push: use before the first login.
   */
  seed(user: string, folder: string, messages: SeedMessage[]): void;
  /** Run `doveadm -c <conf> <args>`; resolves with stdout, rejects on a non-zero exit. */
  doveadm(args: string[]): Promise<string>;
  /** PID of the running master (also its process group id), or undefined when stopped. */
  pid(): number | undefined;
  /** The server log so far (for counting logins and the like). */
  log(): string;
  /** SIGTERM and wait; no dovecot process of this instance is left afterwards. */
  stop(): Promise<void>;
  /** Start again with the same config, ports and mail. */
  start(): Promise<void>;
  /** SIGKILL the whole process group (a crash); `start()` afterwards works. */
  kill(): Promise<void>;
  /** stop() and delete the temp folder. */
  destroy(): Promise<void>;
}

/** Whether the Dovecot binaries are installed here. */
export function dovecotAvailable(): boolean {
  return existsSync(DOVECOT_BIN) && existsSync(DOVECOT_LDA);
}

/**
 * For test files: returns true when Dovecot is present. When it is missing, throws under CI=true
 * (a missing server must fail CI, never pass silently) and returns false otherwise, so the
 * caller can `describe.skipIf(!requireDovecot())`.
 */
export function requireDovecot(): boolean {
  if (dovecotAvailable()) return true;
  if (process.env.CI === 'true') {
    throw new Error(`Dovecot is required under CI=true but ${DOVECOT_BIN} or ${DOVECOT_LDA} is missing`);
  }
  return false;
}

/** Start a private Dovecot. Throws a clear error when Dovecot is not installed. */
export async function startDovecot(opts: DovecotOptions): Promise<Dovecot> {
  if (!dovecotAvailable()) {
    throw new Error(`Dovecot not installed (${DOVECOT_BIN}, ${DOVECOT_LDA}); apt install dovecot-imapd dovecot-pop3d`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mg-dovecot-'));
  // The mail user must traverse the temp folder to reach its maildir.
  chmodSync(dir, 0o711);
  const isRoot = process.getuid?.() === 0;
  // As root the mail belongs to the system user `mail` (there is no vmail here); otherwise to us.
  const mailUser = isRoot ? { uid: 8, gid: 8 } : undefined;
  const me = userInfo().username;
  const [imap, imaps, pop3, pop3s] = await freePorts(4);
  const ports: DovecotPorts = { imap, imaps, pop3, pop3s };
  const cert = makeCert(dir);
  writeFileSync(join(dir, 'passwd'), opts.users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''), {
    mode: 0o644,
  });
  const mailRoot = join(dir, 'mail');
  mkdirSync(mailRoot, { mode: 0o755 });
  for (const u of opts.users) {
    mkdirSync(join(mailRoot, u.user), { mode: 0o700 });
    if (mailUser) chownSync(join(mailRoot, u.user), mailUser.uid, mailUser.gid);
  }
  const configPath = join(dir, 'dovecot.conf');
  if (opts.oauth2)
    writeFileSync(join(dir, 'dovecot-oauth2.conf.ext'), renderOAuth2Config(opts.oauth2.introspectionUrl));
  writeFileSync(
    configPath,
    renderDovecotConfig({
      dir,
      ports,
      mailUser,
      internalUser: isRoot ? 'dovecot' : me,
      loginUser: isRoot ? 'dovenull' : me,
      quotaMB: opts.quotaMB ?? 10,
      apop: opts.apop,
      oauth2: opts.oauth2,
    }) + (opts.extraConfig ? `\n${opts.extraConfig}\n` : ''),
  );

  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child) return;
    // A SIGKILLed master leaves master.pid behind and the next start refuses.
    rmSync(join(dir, 'run', 'master.pid'), { force: true });
    // -F keeps the master in the foreground under a tiny shell that owns it; detached gives the
    // pair its own process group, so stop/kill reach every child dovecot forks. The shell stops
    // the master when its stdin closes — also when this test process dies without cleanup
    // (a killed vitest would otherwise leave servers behind).
    const proc = spawn('sh', ['-c', WATCHDOG, DOVECOT_BIN, configPath, dir], {
      detached: true,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    live.add(proc);
    let exited = false;
    proc.once('exit', () => {
      exited = true;
      live.delete(proc);
      if (child === proc) child = undefined;
    });
    child = proc;
    const t0 = Date.now();
    const deadline = t0 + 10_000;
    while (!(await canConnect(ports.imap)) || !(await canConnect(ports.pop3))) {
      const masterGone = Date.now() - t0 > 300 && !groupProcesses(proc.pid ?? -1).some((l) => l.includes('dovecot'));
      if (exited || masterGone || Date.now() > deadline) {
        killGroup(proc, 'SIGKILL');
        const log = existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '';
        throw new Error(`dovecot did not start: ${stderr.trim()}\n${log.split('\n').slice(-15).join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const waitExit = (proc: ChildProcess, signal: NodeJS.Signals, ms: number) =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const timer = setTimeout(() => {
        killGroup(proc, 'SIGKILL');
        resolve();
      }, ms);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (signal === 'SIGKILL') killGroup(proc, signal);
      // The watchdog shell turns EOF on its stdin into SIGTERM for the master.
      else proc.stdin?.end('stop\n');
    });

  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    // The master stops its children on SIGTERM (~1 s). Right after a start it sometimes waits
    // ~5 s for a child still initialising; the watchdog gives it 1.5 s, then SIGKILLs it.
    await waitExit(proc, 'SIGTERM', 3_000);
    // Sweep the group in case a child lingers.
    killGroup(proc, 'SIGKILL');
    await waitGroupGone(proc.pid, 2_000);
    child = undefined;
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    await waitExit(proc, 'SIGKILL', 2_000);
    await waitGroupGone(proc.pid, 2_000);
    child = undefined;
  };

  const passwordOf = (user: string): string => {
    const u = opts.users.find((x) => x.user === user);
    if (!u) throw new Error(`no such test user: ${user}`);
    return u.password;
  };

  await start();

  return {
    host: '127.0.0.1',
    ports,
    certFingerprint: cert.fingerprint,
    certPem: cert.pem,
    configPath,
    dir,
    users: opts.users,
    async deliver(user, raw, folder) {
      const args = ['-c', configPath, '-d', user, ...(folder ? ['-m', folder] : [])];
      await run(DOVECOT_LDA, args, raw);
    },
    async append(user, folder, raw, flags) {
      return withPeer({ host: '127.0.0.1', port: ports.imap, user, password: passwordOf(user) }, async (c) => {
        const res = await c.append(folder, raw, flags ?? []);
        return res && typeof res.uid === 'number' ? res.uid : undefined;
      });
    },
    seed(user, folder, messages) {
      writeMaildir(join(mailRoot, user, 'Maildir'), folder, messages, mailUser);
    },
    doveadm: (args) => run(DOVEADM_BIN, ['-c', configPath, ...args]),
    pid: () => child?.pid,
    log: () => (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : ''),
    stop,
    start,
    kill,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
