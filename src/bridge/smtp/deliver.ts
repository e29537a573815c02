/**
 * One SMTP submission with nodemailer's connection class: connect (implicit TLS on 465, STARTTLS
 * required otherwise, RFC 8314 / RFC 3207), check the certificate before any password goes out,
 * log in, hand over the envelope and the message bytes, quit. Driving the steps ourselves (rather
 * than a transport's sendMail) tells us whether a failure came before or after the data left,
 * which is what makes a retried send safe (smtp-errors.ts).
 */
import type { TLSSocket } from 'node:tls';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { BridgeError, ErrorCode } from '../../protocol';
import type { SmtpEndpoint } from '../../protocol/rules/smtp-defaults';
import type { Credential } from '../accounts/driver';
import type { Logger } from '../log';
import { assertPlainAllowed, checkPeer } from '../pop3/tls-policy';
import { smtpAuth } from './smtp-auth';
import { toSmtpFailure, type SmtpFailure } from './smtp-errors';

export interface SmtpLogin {
  endpoint: SmtpEndpoint;
  user: string;
  /** A password, or an OAuth account's tokens (AUTH XOAUTH2). */
  credential: Credential;
  /** SHA-256 fingerprint of a self-signed certificate the user accepted for this account. */
  pinnedCert?: string;
}

export interface Envelope {
  from: string;
  to: string[];
}

export interface Delivered {
  accepted: string[];
  rejected: string[];
  response: string;
}

/** TLS 1.0 and 1.1 are deprecated (RFC 8996), as for IMAP and POP3. */
const MIN_TLS = 'TLSv1.2';

/** Rejects with an SmtpFailure. */
export async function deliver(login: SmtpLogin, envelope: Envelope, raw: Buffer, log: Logger): Promise<Delivered> {
  const { host, port, security } = login.endpoint;
  if (security === 'none') {
    try {
      assertPlainAllowed(host);
    } catch (error) {
      throw toSmtpFailure(error, false);
    }
  }
  if (login.credential === undefined)
    throw toSmtpFailure(new BridgeError(ErrorCode.AuthFailed, 'no password stored for this account'), false);
  const { default: Connection } = await import('nodemailer/lib/smtp-connection'); // on first use, not at start
  const conn: SMTPConnection = new Connection({
    host,
    port,
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    name: 'mailglance.localhost',
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // The pin is checked by hand below, before login, exactly as for POP3 (pop3/tls-policy.ts).
    tls: { rejectUnauthorized: false, minVersion: MIN_TLS, servername: host },
  });
  let dataSent = false;
  // The connection reports some failures (a refused connect, a dropped socket) only as an
  // 'error' event, never through the pending step's callback: every step races it.
  const failed = new Promise<never>((_resolve, reject) =>
    conn.on('error', (err: Error) => {
      log.warn('smtp: connection error', { message: err.message });
      reject(err);
    }),
  );
  failed.catch(() => undefined);
  const step = <T>(run: (done: (err: Error | null | undefined, value?: T) => void) => void) =>
    Promise.race([
      failed,
      new Promise<T>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value as T)))),
    ]);
  try {
    await step<void>((done) => conn.connect((err) => done(err)));
    if (security !== 'none') checkPeer(conn._socket as TLSSocket, login.pinnedCert);
    const auth = await smtpAuth(login.user, login.credential);
    await step<boolean>((done) => conn.login(auth, done));
    dataSent = true;
    const info = await step<{ accepted: string[]; rejected: string[]; response: string }>((done) =>
      conn.send({ from: envelope.from, to: envelope.to, size: raw.length }, raw, done),
    );
    conn.quit();
    return { accepted: info.accepted, rejected: info.rejected, response: info.response };
  } catch (error) {
    conn.close();
    throw toSmtpFailure(error, dataSent) satisfies SmtpFailure;
  }
}
