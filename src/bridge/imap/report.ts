/**
 * `account test`: one connection that reports TLS version, certificate fingerprint and whether
 * it is trusted, the capabilities that matter to Mailglance, and the folder list. A certificate
 * that neither verifies nor matches the pin ends the test with TLS_UNTRUSTED before any password
 * is sent; the error carries the failure's class and the fingerprint (src/bridge/tls-failure.ts).
 */
import { processWireLog } from './wire-log';
import type { Credential } from '../accounts/driver';
import type { ConnectionReport } from '../../protocol';
import type { StoredAccount } from '../accounts/driver';
import type { Logger } from '../log';
import { untrustedCertificate } from '../tls-failure';
import { endpointOf, openImap } from './connection';
import { toBridgeError } from './errors';
import { fingerprintsMatch } from '../../protocol/rules/fingerprint';
import { probeTls, type TlsProbe } from './tls-probe';

/** Capabilities shown to the user, in this order, when the server offers them. */
export const REPORTED_CAPABILITIES = [
  'IMAP4rev1',
  'IMAP4rev2',
  'IDLE',
  'NOTIFY',
  'CONDSTORE',
  'QRESYNC',
  'MOVE',
  'UIDPLUS',
  'QUOTA',
  'SPECIAL-USE',
  'ESEARCH',
  'LITERAL+',
  'COMPRESS=DEFLATE',
  'STARTTLS',
  'ID',
  'ENABLE',
  'UTF8=ACCEPT',
];

export async function testImapAccount(
  account: StoredAccount,
  password: Credential,
  log: Logger,
): Promise<ConnectionReport> {
  const ep = endpointOf(account);
  let probe: TlsProbe | undefined;
  try {
    if (ep.security !== 'none') probe = await probeTls(ep.host, ep.port, ep.security);
  } catch (err) {
    throw toBridgeError(err);
  }
  const verified = !probe || probe.authorized || fingerprintsMatch(probe.fingerprint, account.pinnedCert);
  if (probe && !verified) throw untrustedCertificate(probe.authorizationError, probe.fingerprint);
  // The login command as it went out (redacted by name only): which mechanism was used.
  let authMechanism: string | undefined;
  const wire = processWireLog();
  const client = await openImap(account, password, {
    id: `test-${account.id}`,
    log,
    probe,
    wireLog: (level, entry) => {
      wire?.(level, entry);
      const m = entry.src === 'c' ? /^\S+\s+(?:AUTHENTICATE\s+(\S+)|(LOGIN))\b/i.exec(String(entry.msg ?? '')) : null;
      if (m) authMechanism = (m[1] ?? m[2]).toUpperCase();
    },
  });
  try {
    const list = await client.list();
    const caps = [...client.capabilities.keys()].map((c) => c.toUpperCase());
    return {
      ...(probe?.tlsVersion ? { tlsVersion: probe.tlsVersion } : {}),
      ...(probe ? { certFingerprint: probe.fingerprint } : {}),
      // The chain and host name verified (docs/protocol.md): a certificate accepted only through
      // its pin reports false, which the options page shows as "pinned".
      certVerified: Boolean(probe?.authorized),
      capabilities: REPORTED_CAPABILITIES.filter((c) => caps.includes(c.toUpperCase())).concat(
        caps.filter((c) => c.startsWith('AUTH=')),
      ),
      folders: list.map((m) => ({ path: m.path, ...(m.specialUse ? { specialUse: m.specialUse } : {}) })),
      ...(authMechanism ? { authMechanism } : {}),
    };
  } catch (err) {
    throw toBridgeError(err);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
