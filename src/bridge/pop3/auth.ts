/**
 * POP3 login: SASL PLAIN (RFC 5034), USER/PASS (RFC 1939 §7) or APOP (RFC 1939 §7); OAuth
 * accounts use SASL XOAUTH2 (Google's and Microsoft's mechanism; Dovecot has it too).
 *
 * Order: SASL PLAIN when CAPA offers it, else USER/PASS (assumed when the server has no CAPA),
 * else APOP when the greeting carries a timestamp. APOP is last on purpose: many servers put a
 * timestamp in the greeting but cannot check APOP (hashed password stores), and a wrong choice
 * would look like a wrong password and stop the account. One attempt only: retrying other
 * mechanisms after a -ERR can trip lockouts.
 */
import { createHash } from 'node:crypto';
import { BridgeError, ErrorCode } from '../../protocol';
import { authFailure, parseStatus } from './reply';

export type AuthMethod = 'plain' | 'user' | 'apop' | 'xoauth2';

/** What auth needs from the client: send a command line, get the +OK text (throws on -ERR). */
export interface AuthChannel {
  /** `label` names the command in errors and logs; it must be a fixed string, never the line. */
  command(line: string, label?: string): Promise<string>;
  /** Send a line and return the raw reply line (for the SASL "+ " continuation). */
  exchange(line: string): Promise<string>;
}

/** RFC 1939 §7 APOP: the greeting's "<...>" timestamp, if any. */
export function apopTimestamp(greeting: string): string | undefined {
  const m = /<[^<>\s]+@[^<>\s]+>/.exec(greeting) ?? /<[^<>\s]+>/.exec(greeting);
  return m ? m[0] : undefined;
}

/** SASL mechanisms from the CAPA "SASL" line (RFC 2449 §6.3). */
function saslMechanisms(caps: readonly string[]): string[] {
  const line = caps.find((c) => /^SASL(\s|$)/i.test(c));
  return line
    ? line
        .split(/\s+/)
        .slice(1)
        .map((m) => m.toUpperCase())
    : [];
}

/** Pick a method from what the server offered (see the module comment for the order). */
export function chooseAuth(caps: readonly string[], hasCapa: boolean, greeting: string): AuthMethod {
  if (saslMechanisms(caps).includes('PLAIN')) return 'plain';
  if (!hasCapa || caps.some((c) => /^USER$/i.test(c))) return 'user';
  if (apopTimestamp(greeting)) return 'apop';
  throw new BridgeError(ErrorCode.Unsupported, 'the POP3 server offers no login method this bridge knows');
}

/** RFC 5034 §4: initial response inline when the command fits 255 octets, else after "+ ". */
async function authPlain(ch: AuthChannel, user: string, password: string): Promise<void> {
  const token = Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64');
  const inline = `AUTH PLAIN ${token}`;
  if (inline.length <= 255) {
    await ch.command(inline);
    return;
  }
  const reply = await ch.exchange('AUTH PLAIN');
  if (!reply.startsWith('+ ') && reply !== '+') {
    throw new BridgeError(ErrorCode.ServerError, 'POP3 server did not continue AUTH PLAIN');
  }
  // The continuation line is the credentials themselves: name it by its command.
  await ch.command(token, 'AUTH');
}

/**
 * SASL XOAUTH2 over RFC 5034 AUTH: the initial response is base64 of
 * `user=<user>^Aauth=Bearer <token>^A^A`. A refused token gets a "+ " challenge carrying a JSON
 * error; the client answers it with an empty line and the server then sends -ERR.
 */
async function authXoauth2(ch: AuthChannel, user: string, token: string): Promise<void> {
  const initial = Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`, 'utf8').toString('base64');
  const inline = `AUTH XOAUTH2 ${initial}`;
  let reply: string;
  if (inline.length <= 255) {
    reply = await ch.exchange(inline);
  } else {
    const go = await ch.exchange('AUTH XOAUTH2');
    if (!go.startsWith('+ ') && go !== '+') {
      throw new BridgeError(ErrorCode.ServerError, 'POP3 server did not continue AUTH XOAUTH2');
    }
    reply = await ch.exchange(initial);
  }
  if (reply === '+' || reply.startsWith('+ ')) {
    // The error challenge: end the exchange; the -ERR that follows is the login failure.
    await ch.command('', 'AUTH');
    return;
  }
  parseStatus(reply, 'AUTH');
}

/** Log in; throws AUTH_FAILED for refused credentials, retryable codes for transient refusals. */
export async function authenticate(
  ch: AuthChannel,
  method: AuthMethod,
  greeting: string,
  user: string,
  password: string,
): Promise<void> {
  try {
    if (method === 'xoauth2') {
      await authXoauth2(ch, user, password);
    } else if (method === 'plain') {
      await authPlain(ch, user, password);
    } else if (method === 'user') {
      await ch.command(`USER ${user}`);
      await ch.command(`PASS ${password}`);
    } else {
      const stamp = apopTimestamp(greeting);
      if (!stamp) throw new BridgeError(ErrorCode.Unsupported, 'POP3 greeting has no APOP timestamp');
      const digest = createHash('md5')
        .update(stamp + password, 'utf8')
        .digest('hex');
      await ch.command(`APOP ${user} ${digest}`);
    }
  } catch (err) {
    throw authFailure(err);
  }
}
