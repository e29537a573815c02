/**
 * Looks at a server's certificate before any credentials are sent. Needed because Node calls
 * `checkServerIdentity` only after the chain verified, so a self-signed certificate can never
 * reach a fingerprint check there: we read the certificate first (no password on this socket),
 * compare it with the pinned fingerprint, and then trust exactly that certificate (as `ca`) for
 * the real connection. Also gives `account test` the TLS version and fingerprint to show.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { BridgeError, ErrorCode } from '../../protocol';

/** What the probe saw of the server's TLS. */
export interface TlsProbe {
  /** PEM of the leaf certificate. */
  pem: string;
  /** SHA-256 fingerprint, colon form. */
  fingerprint: string;
  /** e.g. "TLSv1.3". */
  tlsVersion?: string;
  /** Whether the chain and host name verified against the system CAs. */
  authorized: boolean;
  authorizationError?: string;
}

function readLine(socket: Socket, timer: { ms: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      const i = buf.indexOf('\n');
      if (i >= 0) {
        cleanup();
        resolve(buf.slice(0, i).trim());
      }
    };
    const onErr = (err: Error) => (cleanup(), reject(err));
    // A peer that hangs up without a line has answered "no" now, not at the timeout.
    const onClose = () => onErr(new BridgeError(ErrorCode.ConnectionFailed, 'connection closed by the server'));
    const t = setTimeout(() => onErr(new BridgeError(ErrorCode.Timeout, 'no answer from server')), timer.ms);
    const cleanup = () => {
      clearTimeout(t);
      socket.off('data', onData);
      socket.off('error', onErr);
      socket.off('close', onClose);
    };
    socket.on('data', onData);
    socket.on('error', onErr);
    socket.on('close', onClose);
  });
}

/**
 * A plain connection that got the server's greeting (RFC 9051 §7.1.1: `* OK` or `* PREAUTH`);
 * resolves with the socket, still open. On any failure the socket is closed.
 */
export async function openGreeted(host: string, port: number, ms: number): Promise<Socket> {
  const socket = netConnect({ host, port });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const greeting = await readLine(socket, { ms });
    if (!/^\* (OK|PREAUTH)/i.test(greeting)) throw new BridgeError(ErrorCode.ServerError, `unexpected greeting`);
    return socket;
  } catch (err) {
    // A server that never greets must not keep the socket open (the reconnect knock asks often).
    socket.destroy();
    throw err;
  }
}

/** Plain connection upgraded with STARTTLS (RFC 9051 §6.2.1); resolves with the raw socket. */
async function startTlsSocket(host: string, port: number, ms: number): Promise<Socket> {
  const socket = await openGreeted(host, port, ms);
  try {
    socket.write('P1 STARTTLS\r\n');
    for (;;) {
      const line = await readLine(socket, { ms });
      if (line.startsWith('P1 ')) {
        if (!/^P1 OK/i.test(line)) throw new BridgeError(ErrorCode.ServerError, 'server refused STARTTLS');
        return socket;
      }
    }
  } catch (err) {
    socket.destroy();
    throw err;
  }
}

/** Connect, complete the TLS handshake without rejecting, report the certificate, disconnect. */
export async function probeTls(
  host: string,
  port: number,
  security: 'tls' | 'starttls',
  timeoutMs = 15_000,
): Promise<TlsProbe> {
  const base = security === 'starttls' ? await startTlsSocket(host, port, timeoutMs) : undefined;
  return new Promise<TlsProbe>((resolve, reject) => {
    const sock: TLSSocket = tlsConnect({
      host,
      port,
      socket: base,
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new BridgeError(ErrorCode.Timeout, `TLS handshake with ${host}:${port} timed out`));
    }, timeoutMs);
    sock.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = sock.getPeerCertificate(false);
      const result: TlsProbe = {
        pem: cert.raw ? `-----BEGIN CERTIFICATE-----\n${cert.raw.toString('base64')}\n-----END CERTIFICATE-----\n` : '',
        fingerprint: cert.fingerprint256 ?? '',
        tlsVersion: sock.getProtocol() ?? undefined,
        authorized: sock.authorized,
        authorizationError: sock.authorizationError ? String(sock.authorizationError) : undefined,
      };
      sock.destroy();
      base?.destroy();
      resolve(result);
    });
    sock.once('error', (err) => {
      clearTimeout(timer);
      base?.destroy();
      reject(err);
    });
  });
}
