/**
 * Guess server settings from an e-mail address: RFC 6186 SRV records first (`_imaps._tcp`,
 * `_imap._tcp`, `_pop3s._tcp`, `_pop3._tcp`), then common host names on the standard ports.
 * Every probe is bounded in time; probes run in parallel. An SRV target outside the address's
 * domain is flagged `outsideDomain` (RFC 6186 §6) for the extension to confirm with the user.
 */
import { promises as dns } from 'node:dns';
import { connect } from 'node:net';
import type { AutodetectCandidate } from '../protocol';

export type Candidate = AutodetectCandidate;

/** SRV records used per service: enough for primary and backups, bounded whatever DNS says. */
const MAX_RECORDS_PER_SERVICE = 8;

/**
 * Whether `host` is the address's domain or below it. RFC 6186 §6: a target elsewhere may only
 * be used once the user confirmed it, since DNS (unsigned, or someone else's) chose it.
 */
export function inDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/\.$/, '');
  return h === d || h.endsWith(`.${d}`);
}

export interface AutodetectDeps {
  resolveSrv(name: string): Promise<{ name: string; port: number; priority: number; weight: number }[]>;
  canConnect(host: string, port: number, timeoutMs: number): Promise<boolean>;
}

const SRV_SERVICES = [
  { service: '_imaps._tcp', type: 'imap', security: 'tls' },
  { service: '_imap._tcp', type: 'imap', security: 'starttls' },
  { service: '_pop3s._tcp', type: 'pop3', security: 'tls' },
  { service: '_pop3._tcp', type: 'pop3', security: 'starttls' },
] as const;

/**
 * Common host names on the standard ports, best first: implicit TLS (RFC 8314 §3.3 prefers it)
 * before STARTTLS on 143 / 110, IMAP before POP3. Plain text is never guessed.
 */
const GUESSES = [
  { prefix: 'imap', type: 'imap', port: 993, security: 'tls' },
  { prefix: 'mail', type: 'imap', port: 993, security: 'tls' },
  { prefix: 'imap', type: 'imap', port: 143, security: 'starttls' },
  { prefix: 'mail', type: 'imap', port: 143, security: 'starttls' },
  { prefix: 'pop', type: 'pop3', port: 995, security: 'tls' },
  { prefix: 'pop3', type: 'pop3', port: 995, security: 'tls' },
  { prefix: 'mail', type: 'pop3', port: 995, security: 'tls' },
  { prefix: 'pop', type: 'pop3', port: 110, security: 'starttls' },
  { prefix: 'pop3', type: 'pop3', port: 110, security: 'starttls' },
  { prefix: 'mail', type: 'pop3', port: 110, security: 'starttls' },
] as const;

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([
    promise.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref()),
  ]);
}

export const realDeps: AutodetectDeps = {
  resolveSrv: (name) => dns.resolveSrv(name),
  canConnect: (host, port, timeoutMs) =>
    new Promise((resolve) => {
      const socket = connect({ host, port });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    }),
};

export async function autodetect(
  email: string,
  deps: AutodetectDeps = realDeps,
  timeoutMs = 3000,
): Promise<Candidate[]> {
  const domain = email.split('@').pop()!.toLowerCase();
  const user = email;
  const srv = await Promise.all(
    SRV_SERVICES.map(async ({ service, type, security }) => {
      const records = await withTimeout(deps.resolveSrv(`${service}.${domain}`), timeoutMs, []);
      // RFC 6186 §4: a target of "." means the service is decidedly not available.
      return records
        .filter((r) => r.name && r.name !== '.')
        .sort((a, b) => a.priority - b.priority || b.weight - a.weight)
        .slice(0, MAX_RECORDS_PER_SERVICE)
        .map((r): Candidate => ({
          settings: { type, host: r.name, port: r.port, security, user },
          source: `SRV ${service}.${domain}`,
          outsideDomain: !inDomain(r.name, domain),
        }));
    }),
  );
  const fromSrv = srv.flat();
  if (fromSrv.length > 0) return fromSrv;

  const guesses = await Promise.all(
    GUESSES.map(async ({ prefix, type, port, security }) => {
      const host = `${prefix}.${domain}`;
      const ok = await withTimeout(deps.canConnect(host, port, timeoutMs), timeoutMs + 100, false);
      return ok
        ? [
            {
              settings: { type, host, port, security, user },
              source: `${host}:${port} answered`,
              outsideDomain: false,
            } satisfies Candidate,
          ]
        : [];
    }),
  );
  return guesses.flat();
}
