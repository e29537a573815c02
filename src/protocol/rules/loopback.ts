/**
 * The plain-text rule: a login without TLS is allowed only to a loopback host (docs/architecture.md
 * "TLS by default"). The options form and the bridge both apply it, so it is pure (no Node `net`).
 */

/** A dotted-quad IPv4 literal as Node's `isIP` accepts it (no leading zeros), else undefined. */
function ipv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

/** The eight 16-bit groups of an IPv6 literal (RFC 4291 §2.2, IPv4 tail allowed), else undefined. */
function ipv6(text: string): number[] | undefined {
  if (!text.includes(':') || !/^[0-9a-f:.]+$/.test(text)) return undefined;
  let body = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    body = text.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const hex = (gs: string[]) => gs.map((g) => parseInt(g, 16));
  return [...hex(head), ...Array<number>(8 - known).fill(0), ...hex(rest), ...tail];
}

/**
 * Whether `host` is loopback: exactly "localhost", an IPv4 literal in 127.0.0.0/8
 * (RFC 1122 §3.2.1.3), `::1` (RFC 4291 §2.5.3) or an IPv4-mapped 127.x address, brackets allowed.
 * A name like "mail.localhost" does not count: RFC 6761 §6.3 asks resolvers to send it to
 * loopback but does not guarantee it, and a name resolved elsewhere would get the password in
 * clear text.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  const v4 = ipv4(h);
  if (v4) return v4[0] === 127;
  const v6 = ipv6(h);
  if (!v6) return false;
  const zeroPrefix = (n: number) => v6.slice(0, n).every((g) => g === 0);
  if (zeroPrefix(7) && v6[7] === 1) return true;
  return zeroPrefix(5) && v6[5] === 0xffff && v6[6]! >> 8 === 127;
}

/** Whether a connection with `security` to `host` may go ahead under the plain-text rule. */
export function plainTextAllowed(security: 'tls' | 'starttls' | 'none', host: string): boolean {
  return security !== 'none' || isLoopbackHost(host);
}
