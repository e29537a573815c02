/**
 * A real SMTP server on loopback for tests (npm `smtp-server`): one listener with STARTTLS
 * (submission, RFC 6409 / RFC 3207) and one with implicit TLS (RFC 8314), both on a self-signed
 * certificate (Dovecot's, when given, so one pin covers the whole test account), AUTH PLAIN /
 * LOGIN / XOAUTH2 and the SIZE limit (RFC 1870). It records every message it accepts; tests can
 * refuse recipients, stop and start it on the same ports, and run a hook after a message's data
 * arrived and before the server answers it (the moment a client may lose the reply).
 *
 * ```ts
 * const smtp = await startSmtp({ users: [{ user: 'alice', password: 'pw' }] });
 * // ... send through 127.0.0.1:smtp.ports.submission ...
 * expect(smtp.received).toHaveLength(1);
 * await smtp.stop();
 * ```
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePorts, makeCert } from './dovecot-process';

export interface SmtpUser {
  user: string;
  password: string;
  /** An OAuth access token the server accepts for XOAUTH2. */
  accessToken?: string;
}

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: Buffer;
  authUser: string;
  /** The session ran over TLS (implicit or after STARTTLS). */
  secure: boolean;
}

export interface SmtpOptions {
  users: SmtpUser[];
  /** A folder holding `cert.pem` and `key.pem` (e.g. the Dovecot harness's `dir`); else a new pair. */
  certDir?: string;
  /** Largest message in bytes (announced in EHLO SIZE, refused with 552). Default 10 MiB. */
  maxSize?: number;
  /**
   * Checks an XOAUTH2 token the way a provider's server does (e.g. by RFC 7662 introspection at
   * the OAuth test server), instead of comparing it with `SmtpUser.accessToken`.
   */
  verifyAccessToken?: (user: string, token: string) => Promise<boolean>;
}

export interface Smtp {
  host: '127.0.0.1';
  ports: { submission: number; implicitTls: number };
  certFingerprint: string;
  received: ReceivedMessage[];
  /** RCPT TO for these addresses gets 550. */
  refuse: Set<string>;
  /** Runs after a message's data arrived and was recorded, before the server answers 250. */
  beforeAccept?: (message: ReceivedMessage) => Promise<void> | void;
  /** Wait until at least `n` messages were received, or fail after `ms`. */
  waitForCount(n: number, ms?: number): Promise<void>;
  /** Close both listeners; `start()` opens them again on the same ports. */
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtp(opts: SmtpOptions): Promise<Smtp> {
  const own = opts.certDir ? undefined : mkdtempSync(join(tmpdir(), 'mg-smtp-'));
  const certDir = opts.certDir ?? own!;
  const fingerprint = own ? makeCert(own).fingerprint : undefined;
  const key = readFileSync(join(certDir, 'key.pem'));
  const cert = readFileSync(join(certDir, 'cert.pem'));
  const [submission, implicitTls] = await freePorts(2);
  const maxSize = opts.maxSize ?? 10 * 1024 * 1024;
  const waiters = new Set<() => void>();

  const smtp: Smtp = {
    host: '127.0.0.1',
    ports: { submission: submission!, implicitTls: implicitTls! },
    certFingerprint: fingerprint ?? '',
    received: [],
    refuse: new Set(),
    async waitForCount(n, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (smtp.received.length < n) {
        if (Date.now() > deadline) throw new Error(`SMTP server got ${smtp.received.length} messages, not ${n}`);
        await new Promise<void>((resolve) => {
          waiters.add(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    pause: () => closeAll(),
    start: () => listenAll(),
    async stop() {
      await closeAll();
      if (own) rmSync(own, { recursive: true, force: true });
    },
  };

  const options = (secure: boolean): SMTPServerOptions => ({
    secure,
    key,
    cert,
    size: maxSize,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    // AUTH only after TLS, as on any real submission server.
    allowInsecureAuth: false,
    logger: false,
    disabledCommands: [],
    onAuth(auth, _session, callback) {
      const user = opts.users.find((u) => u.user === auth.username);
      const refused = () => callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      if (auth.method === 'XOAUTH2' && user && opts.verifyAccessToken) {
        opts.verifyAccessToken(user.user, auth.accessToken ?? '').then(
          (ok) => (ok ? callback(null, { user: user.user }) : refused()),
          () => refused(),
        );
        return;
      }
      const ok =
        user !== undefined &&
        (auth.method === 'XOAUTH2'
          ? user.accessToken !== undefined && auth.accessToken === user.accessToken
          : auth.password === user.password);
      if (!ok) return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      callback(null, { user: user.user });
    },
    onRcptTo(address, _session, callback) {
      if (smtp.refuse.has(address.address.toLowerCase()))
        return callback(Object.assign(new Error(`<${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded)
          return callback(Object.assign(new Error('message exceeds the size limit'), { responseCode: 552 }));
        const message: ReceivedMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          authUser: String(session.user ?? ''),
          secure: session.secure,
        };
        smtp.received.push(message);
        waiters.forEach((w) => w());
        void Promise.resolve(smtp.beforeAccept?.(message)).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });

  let servers: SMTPServer[] = [];
  async function listenAll(): Promise<void> {
    servers = [new SMTPServer(options(false)), new SMTPServer(options(true))];
    const ports = [smtp.ports.submission, smtp.ports.implicitTls];
    await Promise.all(
      servers.map(
        (server, i) =>
          new Promise<void>((resolve, reject) => {
            server.on('error', () => undefined);
            server.server.once('error', reject);
            server.listen(ports[i], '127.0.0.1', () => resolve());
          }),
      ),
    );
  }
  async function closeAll(): Promise<void> {
    const closing = servers;
    servers = [];
    await Promise.all(closing.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  await listenAll();
  return smtp;
}
