/**
 * The protocol's schemas and the frame reader, property-tested: whatever a peer sends, parsing
 * answers without throwing, never echoes an unusable id, and the bounds hold.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fitSnapshot, EVENT_BUDGET_BYTES } from '../../src/bridge/native/event-budget';
import { encodeFrame, FrameDecoder } from '../../src/bridge/native/framing';
import {
  AccountSettings,
  boundedMessage,
  isImapUid,
  isMessageUid,
  isValidId,
  MAX_ERROR_MESSAGE,
  MAX_LEN,
  MAX_POLL_SEC,
  MessageHeader,
  parseEvent,
  parseRequest,
  REQUEST_TYPES,
} from '../../src/protocol';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

describe('parseRequest on any input', () => {
  it('never throws, and only ever keeps an id the reply schema accepts', () => {
    const envelope = fc.record(
      {
        kind: fc.oneof(fc.constant('request'), fc.jsonValue()),
        id: fc.oneof(fc.string({ maxLength: 80 }), fc.jsonValue()),
        type: fc.oneof(fc.constantFrom(...REQUEST_TYPES), fc.string()),
        params: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(envelope, fc.jsonValue(), fc.anything()), (raw) => {
        const out = parseRequest(raw);
        if (!out.ok) {
          expect(out.id === undefined || isValidId(out.id)).toBe(true);
          expect(out.message.length).toBeLessThan(2000);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects every request type whose params carry a string beyond the longest bound', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REQUEST_TYPES),
        fc.constantFrom('accountId', 'mailbox', 'password', 'email'),
        (type, key) => {
          const out = parseRequest({
            kind: 'request',
            id: '1',
            type,
            params: { [key]: 'x'.repeat(MAX_LEN.password + 1) },
          });
          // Either the field is not part of the type (stripped) or it is refused; never accepted as is.
          if (out.ok) expect(JSON.stringify(out.value.params)).not.toContain('x'.repeat(MAX_LEN.password + 1));
        },
      ),
      { numRuns: RUNS / 10 },
    );
  });
});

describe('uids', () => {
  it('nothing written like a sequence set is a message uid', () => {
    const seqSet = fc
      .array(fc.constantFrom('1', '2', '9', '*', ':', ','), { minLength: 1, maxLength: 12 })
      .map((a) => a.join(''))
      .filter((s) => /[*:,]/.test(s));
    fc.assert(
      fc.property(seqSet, (s) => {
        expect(isMessageUid(s)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('IMAP uids are exactly the decimals 1..2^32-1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 - 1 }), (n) => {
        expect(isImapUid(String(n))).toBe(true);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 2 ** 32, max: 2 ** 40 }), fc.integer({ max: 0 })), (n) => {
        expect(isImapUid(String(n))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('bounds', () => {
  it('settings within every bound pass, and one over any bound fails', () => {
    const within = fc.record({
      type: fc.constantFrom('imap', 'pop3'),
      host: fc.string({ minLength: 1, maxLength: MAX_LEN.host }),
      user: fc.string({ minLength: 1, maxLength: MAX_LEN.user }),
      label: fc.string({ maxLength: MAX_LEN.label }),
      port: fc.integer({ min: 1, max: 65535 }),
      pollIntervalSec: fc.integer({ min: 30, max: MAX_POLL_SEC }),
    });
    fc.assert(
      fc.property(within, fc.constantFrom('host', 'user', 'label', 'port', 'pollIntervalSec'), (s, over) => {
        expect(v.safeParse(AccountSettings, s).success).toBe(true);
        const bad = {
          ...s,
          [over]:
            over === 'port' ? 65536 : over === 'pollIntervalSec' ? MAX_POLL_SEC + 1 : 'x'.repeat(MAX_LEN.user + 1),
        };
        expect(v.safeParse(AccountSettings, bad).success).toBe(false);
      }),
      { numRuns: RUNS / 4 },
    );
  });

  it('error messages are cut to the bound', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5000 }), (s) => {
        expect(boundedMessage(s).length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE);
      }),
      { numRuns: RUNS },
    );
  });

  it('a snapshot of any headers fits the event budget and passes its schema', () => {
    const address = fc.record({ name: fc.string({ maxLength: 200 }), address: fc.string({ maxLength: 320 }) });
    const header = fc.record({
      uid: fc.integer({ min: 1, max: 2 ** 32 - 1 }).map(String),
      from: fc.array(address, { maxLength: 50 }),
      to: fc.array(address, { maxLength: 50 }),
      subject: fc.string({ maxLength: 1000 }),
      date: fc.constant(new Date(0).toISOString()),
      flags: fc.constant<string[]>([]),
      size: fc.nat(),
      hasAttachments: fc.boolean(),
      snippet: fc.string({ maxLength: 200 }),
    });
    fc.assert(
      fc.property(fc.array(header, { maxLength: 120 }), (messages) => {
        for (const m of messages) expect(v.safeParse(MessageHeader, m).success).toBe(true);
        const data = fitSnapshot({
          accountId: 'a',
          mailbox: { path: 'INBOX', name: 'INBOX', uidValidity: '1', total: 1, unseen: 1 },
          messages,
        });
        expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThanOrEqual(EVENT_BUDGET_BYTES);
        expect(parseEvent({ kind: 'event', type: 'mailbox.snapshot', data }).ok).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('frame reader', () => {
  it('yields the same frames however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (values, cuts) => {
          const stream = Buffer.concat(values.map((x) => encodeFrame(x)));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const decoder = new FrameDecoder();
          const out: unknown[] = [];
          let at = 0;
          for (const p of [...points, stream.length]) {
            for (const f of decoder.push(stream.subarray(at, p))) out.push(f.ok ? f.value : f);
            at = p;
          }
          expect(out).toEqual(values.map((x) => JSON.parse(JSON.stringify(x)) as unknown));
          expect(decoder.pendingBytes).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
