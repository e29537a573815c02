/**
 * "Another client" for tests: a plain imapflow connection to the harness server, used to APPEND
 * mail, set flags or delete folders the way a second mail program would, so the bridge has to
 * learn about it from the server.
 */
import { ImapFlow } from 'imapflow';

/** Where and as whom the peer logs in. */
export interface PeerTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * Open a logged-in imapflow client over plain IMAP on loopback. Auto-IDLE is off: the peer only
 * runs commands and must not hold a mailbox open between them. Call `logout()` when done.
 */
export async function openPeer(t: PeerTarget): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: t.host,
    port: t.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: t.user, pass: t.password },
    logger: false,
    disableAutoIdle: true,
  });
  // A dropped peer must not become an unhandled 'error' event in the test process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Run `fn` with a fresh peer connection and always log out afterwards. */
export async function withPeer<T>(t: PeerTarget, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await openPeer(t);
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
