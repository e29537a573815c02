/**
 * Hostile native-messaging frames for the fuzz run: every request type with mutated params,
 * random JSON, broken encodings, deep nesting, empty and large frames. A seeded generator, so
 * a failing run can be replayed with the same `--seed`.
 */
import { REQUEST_TYPES, type RequestType } from '../../src/protocol';

/** xorshift32: small, fast, and reproducible from a seed. */
export class Rng {
  constructor(private state: number) {
    if (this.state === 0) this.state = 0x9e3779b9;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
}

/** One frame to write, and whether the bridge must answer it with a reply to `id`. */
export interface Frame {
  bytes: Buffer;
  /** Set when the frame is a request with a valid id: a reply with this id must come back. */
  id?: string;
  type?: RequestType;
}

export function lengthPrefixed(body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

/**
 * Params that pass every schema except, after mutation, usually one field. Hosts and ports
 * point at a closed loopback port and e-mail addresses at a name that cannot resolve, so no
 * valid request reaches the network. `account.add` always carries one bad field: valid adds
 * would pile up accounts and connections and measure those instead of the frame path.
 */
const BASE: Record<RequestType, () => Record<string, unknown>> = {
  hello: () => ({ protocolVersion: 1, client: { name: 'fuzz', version: '0' } }),
  ping: () => ({}),
  'accounts.list': () => ({}),
  'account.add': () => ({ settings: { type: 'imap', host: '127.0.0.1', port: 0, user: 'u', security: 'none' } }),
  'account.update': () => ({ accountId: 'no-such-account', settings: { label: 'x' } }),
  'account.remove': () => ({ accountId: 'no-such-account' }),
  'account.test': () => ({ accountId: 'no-such-account' }),
  'account.autodetect': () => ({ email: 'not an address' }),
  resync: () => ({ accountId: 'no-such-account' }),
  refresh: () => ({}),
  'message.fetch': () => ({ ref: { accountId: 'no-such-account', mailbox: 'INBOX', uidValidity: '1', uid: '1' } }),
  'message.action': () => ({
    actionId: 'a1',
    ref: { accountId: 'no-such-account', mailbox: 'INBOX', uidValidity: '1', uid: '1' },
    action: 'markRead',
  }),
  'message.send': () => ({
    accountId: 'no-such-account',
    messageId: '<fuzz@mailglance.invalid>',
    date: '2026-01-01T00:00:00.000Z',
    from: { address: 'a@example.invalid' },
    to: [{ address: 'b@example.invalid' }],
    cc: [],
    bcc: [],
    subject: 's',
    text: 't',
  }),
  'mailbox.markAllRead': () => ({
    actionId: 'a2',
    accountId: 'no-such-account',
    mailbox: 'INBOX',
    uidValidity: '1',
    upToUid: '5',
    upToUidls: ['uidl-1', 'uidl-2'],
  }),
  'mailbox.page': () => ({ accountId: 'no-such-account', mailbox: 'INBOX', uidValidity: '1', before: '9', limit: 50 }),
  'mailbox.purge': () => ({ accountId: 'no-such-account', mailbox: 'INBOX' }),
  // No valid sign-in is started: each names an account or a sign-in that does not exist.
  'oauth.start': () => ({ accountId: 'no-such-account' }),
  'oauth.wait': () => ({ signInId: '0123456789abcdef0123456789abcdef' }),
  'oauth.cancel': () => ({ signInId: '0123456789abcdef0123456789abcdef' }),
  doctor: () => ({}),
};

/** Values that break schemas in every way: types, ranges, lengths, sets, encodings. */
function hostileValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(18)) {
    case 0:
      return null;
    case 1:
      return rng.pick([0, -1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1e308, -1e308, 30 * 24 * 3600]);
    case 2:
      return rng.pick(['', ' ', '\t', '\r\n', '*', '1:*', '1,2', '0', '4294967296', '../../etc', '\u0000']);
    case 3:
      return 'x'.repeat(rng.pick([65, 71, 201, 254, 321, 1001, 8193, 70_000]));
    case 4:
      return '\uD800' + 'é'.repeat(rng.int(100)) + '\uFFFF\u202E';
    case 5:
      return true;
    case 6:
      return [];
    case 7:
      return {};
    case 8:
      return depth < 3 ? [hostileValue(rng, depth + 1), hostileValue(rng, depth + 1)] : 1;
    case 9:
      return depth < 3 ? { nested: hostileValue(rng, depth + 1) } : 'n';
    case 10:
      return { __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } };
    case 11:
      return Array.from({ length: rng.pick([101, 1000, 5000]) }, (_, i) => `f${i}`);
    case 12:
      return rng.pick(['imap', 'pop3', 'tls', 'none', 'markRead', 'delete', 'trash']);
    case 13:
      return String(rng.int(1e9));
    case 14:
      return 'p'.repeat(rng.int(40)) + String.fromCharCode(rng.int(0x10000));
    case 15:
      return rng.pick(['toString', '__proto__', 'constructor', 'hasOwnProperty']);
    case 16:
      return -0;
    default:
      return undefined;
  }
}

/** Replace, add or remove one field somewhere in `obj` (recursing into nested objects). */
function mutate(rng: Rng, obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  const keys = Object.keys(out);
  const op = rng.int(4);
  if (op === 0 || keys.length === 0) {
    out[rng.pick(['extra', 'password', 'settings', 'ref', 'accountId', 'uid', '__proto__'])] = hostileValue(rng);
  } else if (op === 1) {
    delete out[rng.pick(keys)];
  } else {
    const key = rng.pick(keys);
    const value = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && rng.next() < 0.6
        ? mutate(rng, value as Record<string, unknown>)
        : hostileValue(rng);
  }
  return out;
}

let counter = 0;
const nextId = () => `f${(counter++).toString(36)}`;

/** A request of a random type with mutated params, wrapped in a sometimes-mutated envelope. */
function mutatedRequest(rng: Rng): Frame {
  const type = rng.pick(REQUEST_TYPES);
  const params = rng.next() < 0.15 ? BASE[type]() : mutate(rng, BASE[type]());
  if (type === 'account.add' || type === 'account.autodetect') {
    // Keep the guaranteed-bad field (port 0 / not an address) whatever else changed.
    if (type === 'account.add') {
      const settings = params.settings;
      if (settings && typeof settings === 'object' && !Array.isArray(settings)) {
        params.settings = { ...(settings as Record<string, unknown>), port: 0 };
      }
    } else {
      params.email = 'not an address';
    }
  }
  const envelope: Record<string, unknown> = { kind: 'request', id: nextId(), type, params };
  let typeKept = true;
  if (rng.next() < 0.1) {
    const field = rng.pick(['kind', 'id', 'type', 'params']);
    envelope[field] = hostileValue(rng);
    if (field === 'type') typeKept = false;
  }
  const json = JSON.stringify(envelope);
  // The bridge replies to every frame whose id it can echo (a valid one), whatever else is
  // wrong with it; every other frame gets a `protocol.error` event.
  const id = envelope.id;
  const answered = typeof id === 'string' && /^[\x21-\x7E]{1,64}$/.test(id);
  return {
    bytes: lengthPrefixed(Buffer.from(json, 'utf8')),
    ...(answered ? { id, ...(typeKept ? { type } : {}) } : {}),
  };
}

/** Frames that are not requests at all; each gets a `protocol.error` event. */
function garbage(rng: Rng): Frame {
  switch (rng.int(8)) {
    case 0:
      return { bytes: lengthPrefixed(Buffer.alloc(0)) };
    case 1: {
      // Invalid UTF-8 (lone continuation bytes, an overlong form) inside JSON-looking text.
      return { bytes: lengthPrefixed(Buffer.from([0x7b, 0x22, 0x80, 0xc0, 0xaf, 0xff, 0x22, 0x3a, 0x31, 0x7d])) };
    }
    case 2: {
      // A BOM before an otherwise valid request: JSON.parse refuses it.
      const body = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('{"kind":"request","id":"b","type":"ping"}'),
      ]);
      return { bytes: lengthPrefixed(body) };
    }
    case 3: {
      const depth = rng.pick([100, 10_000, 200_000]);
      return { bytes: lengthPrefixed(Buffer.from('['.repeat(depth) + ']'.repeat(depth))) };
    }
    case 4: {
      const depth = rng.pick([1000, 100_000]);
      return { bytes: lengthPrefixed(Buffer.from('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))) };
    }
    case 5:
      return { bytes: lengthPrefixed(Buffer.from(JSON.stringify(hostileValue(rng)) ?? 'undefined')) };
    case 6: {
      const n = rng.int(64);
      return { bytes: lengthPrefixed(Buffer.from(Array.from({ length: n }, () => rng.int(256)))) };
    }
    default:
      return { bytes: lengthPrefixed(Buffer.from('{"kind":"request","id":')) };
  }
}

/** A request padded to 1-4 MiB: big frames are where readers keep buffers. */
function large(rng: Rng): Frame {
  const id = nextId();
  const size = (1 + rng.int(3)) * 1024 * 1024 + rng.int(1024);
  const json = JSON.stringify({ kind: 'request', id, type: 'ping', params: { pad: 'z'.repeat(size) } });
  return { bytes: lengthPrefixed(Buffer.from(json)), id, type: 'ping' };
}

/** The next frame of the stream. */
export function nextFrame(rng: Rng): Frame {
  const r = rng.next();
  if (r < 0.0005) return large(rng);
  if (r < 0.7) return mutatedRequest(rng);
  return garbage(rng);
}
