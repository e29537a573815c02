/**
 * Opening the TCP/TLS socket of a POP3 session: implicit TLS (port 995, RFC 8314), plain TCP
 * that is upgraded with STLS (RFC 2595 §4), or plain TCP to loopback only.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { BridgeError, ErrorCode } from '../../protocol';
import { checkPeer, type TlsInfo } from './tls-policy';

/** Socket errors that mean the host could not be reached or the connection broke. */
function connectionError(err: Error, host: string, port: number): BridgeError {
  if (err instanceof BridgeError) return err;
  return new BridgeError(ErrorCode.ConnectionFailed, `cannot connect to ${host}:${port}: ${err.message}`);
}

/** SNI must be a host name, never an IP literal (RFC 6066 §3). */
function serverName(host: string): string | undefined {
  return isIP(host) ? undefined : host;
}

/** The error of a session its driver stopped (the account was removed, changed or closed). */
export const stoppedError = () => new BridgeError(ErrorCode.ConnectionFailed, 'the account was stopped');

/** Wait for a socket's connect event, failing after `timeoutMs`, or at once when `signal` aborts. */
function whenConnected(
  socket: Socket,
  event: string,
  timeoutMs: number,
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const timer = setTimeout(() => {
      done();
      socket.destroy();
      reject(new BridgeError(ErrorCode.Timeout, `connecting to ${host}:${port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onAbort = () => {
      done();
      socket.destroy();
      reject(stoppedError());
    };
    const onError = (err: Error) => {
      done();
      reject(connectionError(err, host, port));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once(event, () => {
      done();
      socket.off('error', onError);
      resolve();
    });
  });
}

/** Plain TCP (for 'none' on loopback, and as the start of STLS). */
export async function openPlain(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
  const socket = netConnect({ host, port });
  await whenConnected(socket, 'connect', timeoutMs, host, port, signal);
  return socket;
}

/**
 * TLS over a new connection (implicit TLS) or over `existing` (STLS). Verification is done by
 * `checkPeer` so a pinned self-signed certificate can be accepted.
 */
export async function openTls(
  host: string,
  port: number,
  timeoutMs: number,
  pinnedCert: string | undefined,
  existing?: Socket,
  signal?: AbortSignal,
): Promise<{ socket: TLSSocket; tls: TlsInfo }> {
  const socket = tlsConnect({
    host,
    port,
    socket: existing,
    servername: serverName(host),
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2',
  });
  await whenConnected(socket, 'secureConnect', timeoutMs, host, port, signal);
  try {
    return { socket, tls: checkPeer(socket, pinnedCert) };
  } catch (err) {
    socket.destroy();
    throw err;
  }
}
