/**
 * Opens one logged-in imapflow connection for an account, applying the bridge's TLS policy
 * (docs/architecture.md "TLS by default"): certificate verification on; a self-signed certificate only when
 * its SHA-256 fingerprint is pinned on the account; plain text only to a loopback host.
 */
import type { PeerCertificate } from 'node:tls';
import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import { BridgeError, ErrorCode } from '../../protocol';
import { isLoopbackHost } from '../../protocol/rules/loopback';
import type { Credential, StoredAccount } from '../accounts/driver';
import type { Logger } from '../log';
import { toBridgeError } from './errors';
import { defaultPort } from '../../protocol/rules/account-defaults';
import { fingerprintsMatch } from '../../protocol/rules/fingerprint';
import { probeTls, type TlsProbe } from './tls-probe';
import { processWireLog } from './wire-log';

/** TLS 1.0 and 1.1 are deprecated (RFC 8996); POP3 holds the same floor (pop3/tls-policy.ts). */
const MIN_TLS = 'TLSv1.2';

/**
 * Caps on what one server response may make imapflow buffer (its defaults are 1 GiB per literal
 * and 2 GiB per response). The largest literal we ask for is a body capped by body.ts
 * (`sourceBytes`, 5 MiB) and the largest response a SEARCH of a big mailbox: a hostile or broken
 * server must not be able to make the bridge hold gigabytes.
 */
const MAX_LITERAL_BYTES = 32 * 1024 * 1024;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Receives imapflow's own log entries (wire traffic at debug/trace); used by tests to count. */
export type WireLogSink = (level: string, entry: Record<string, unknown>) => void;

export interface Endpoint {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
}

/** Host, port and security with defaults: implicit TLS on 993 (RFC 8314), else 143. */
export function endpointOf(account: StoredAccount): Endpoint {
  const security = account.security ?? 'tls';
  return { host: account.host, port: account.port ?? defaultPort('imap', security), security };
}

export interface OpenOptions {
  log: Logger;
  /** imapflow connection id, shows in wire logs ("push", "work"). */
  id: string;
  wireLog?: WireLogSink;
  /** Keep IDLE going on the selected mailbox (push connection). */
  idle?: boolean;
  /** Re-issue IDLE after this many ms (RFC 2177: before the server's 30-minute timeout). */
  maxIdleMs?: number;
  /** Already probed certificate (so `test()` does not probe twice). */
  probe?: TlsProbe;
}

/** The tls options of imapflow for this account; probes the server when a pin must be checked. */
export async function tlsOptionsFor(account: StoredAccount, probe?: TlsProbe): Promise<ImapFlowOptions['tls']> {
  const ep = endpointOf(account);
  if (ep.security === 'none' || !account.pinnedCert) return { rejectUnauthorized: true, minVersion: MIN_TLS };
  const seen = probe ?? (await probeTls(ep.host, ep.port, ep.security));
  // A certificate that verifies on its own needs no pin (e.g. the server moved to a CA cert).
  if (seen.authorized) return { rejectUnauthorized: true };
  if (!fingerprintsMatch(seen.fingerprint, account.pinnedCert)) {
    throw new BridgeError(
      ErrorCode.TlsUntrusted,
      `certificate not trusted (${seen.authorizationError ?? 'unverified'}) and its SHA-256 fingerprint ` +
        `${seen.fingerprint} does not match the pinned one`,
    );
  }
  const pinned = account.pinnedCert;
  return {
    rejectUnauthorized: true,
    minVersion: MIN_TLS,
    // Trust exactly the certificate we just compared; the pin replaces the host-name check.
    ca: [seen.pem],
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      fingerprintsMatch(cert.fingerprint256, pinned)
        ? undefined
        : Object.assign(new Error('certificate changed since it was checked'), { code: 'ERR_TLS_CERT_PINNED' }),
  };
}

function imapflowLogger(log: Logger, id: string, sink?: WireLogSink): NonNullable<ImapFlowOptions['logger']> {
  const pass = (level: string) => (entry: unknown) => {
    const rec = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : { msg: entry };
    sink?.(level, rec);
    if (level === 'warn' || level === 'error') {
      // imapflow puts the cause in `err` and often leaves `msg` empty: never log an empty line.
      const err = rec.err as { code?: unknown; message?: unknown } | undefined;
      const what = [rec.msg, err?.message].filter((x) => typeof x === 'string' && x).join(': ');
      log[level](`imap ${id}: ${what || 'connection event'}`, { code: rec.code ?? err?.code });
    }
  };
  return { trace: pass('trace'), debug: pass('debug'), info: pass('info'), warn: pass('warn'), error: pass('error') };
}

/** Connect and log in; every failure comes out as a BridgeError with the matching code. */
/**
 * imapflow and the charset tables it pulls in (libmime, encoding-japanese) are most of the
 * bundle's start-up evaluation; loaded on the first connection, they stay off the path to the
 * `hello` answer.
 */
const loadImapFlow = () => import('imapflow');

export async function openImap(account: StoredAccount, password: Credential, opts: OpenOptions): Promise<ImapFlow> {
  const ep = endpointOf(account);
  if (ep.security === 'none' && !isLoopbackHost(ep.host)) {
    throw new BridgeError(
      ErrorCode.InsecureRefused,
      `plain-text IMAP is only allowed to a loopback host, not ${ep.host}`,
    );
  }
  if (password === undefined) throw new BridgeError(ErrorCode.AuthFailed, 'no password stored for this account');
  let client: ImapFlow | undefined;
  try {
    const tls = await tlsOptionsFor(account, opts.probe);
    const { ImapFlow } = await loadImapFlow();
    client = new ImapFlow({
      id: opts.id,
      host: ep.host,
      port: ep.port,
      secure: ep.security === 'tls',
      doSTARTTLS: ep.security === 'starttls' ? true : ep.security === 'none' ? false : undefined,
      // imapflow picks OAUTHBEARER (RFC 7628) when the server offers it, else XOAUTH2.
      auth:
        typeof password === 'string'
          ? { user: account.user, pass: password }
          : { user: account.user, accessToken: await password.accessToken() },
      tls,
      logger: imapflowLogger(opts.log, opts.id, opts.wireLog ?? processWireLog()),
      qresync: true,
      disableAutoIdle: !opts.idle,
      // imapflow waits 15 s before IDLE by default, which would delay every push (docs/architecture.md).
      autoIdleDelay: 20,
      // RFC 2177 asks for a new IDLE at least every 29 minutes; NAT boxes and some servers drop
      // quiet connections sooner, and a renewal costs two short lines.
      maxIdleTime: opts.maxIdleMs ?? 10 * 60_000,
      connectionTimeout: 20_000,
      greetingTimeout: 16_000,
      // Silence longer than this: imapflow sends NOOP (IDLE included); an unanswered NOOP then
      // fails the connection, which the driver turns into a reconnect (a dead peer is noticed).
      socketTimeout: 5 * 60_000,
      clientInfo: { name: 'Mailglance' },
      maxLiteralSize: MAX_LITERAL_BYTES,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
    // Without a listener an 'error' event would throw into the process (one account must never
    // take the bridge down); the driver watches 'close' to reconnect.
    client.on('error', (err: unknown) =>
      opts.log.warn(`imap ${opts.id}: connection error`, { code: toBridgeError(err).code }),
    );
    await client.connect();
    return client;
  } catch (err) {
    client?.close();
    throw toBridgeError(err);
  }
}
