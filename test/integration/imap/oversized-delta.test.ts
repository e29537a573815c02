/**
 * A delta too large for one native message becomes a snapshot (src/bridge/imap/sync.ts): another
 * client marks 20,000 unread messages read, flagged, answered and forwarded in one STORE, so the
 * QRESYNC delta would carry 20,000 flag changes (~1.5 MB of JSON), past the 1 MB a browser accepts. The bridge must not emit that
 * delta (Chrome would drop it and the badge would stay at 20,000); it sends a snapshot that says
 * 0 unread, and every event it emits fits the budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImapDriverFactory } from '../../../src/bridge/imap';
import type { AccountDriver } from '../../../src/bridge/accounts/driver';
import { EVENT_BUDGET_BYTES } from '../../../src/bridge/native/event-budget';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { withPeer } from '../../harness/imap-peer';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, Recorder } from './helpers';

const MESSAGES = 20_000;
const FLAGS = ['\\Seen', '\\Flagged', '\\Answered', '$Forwarded'];

describe.skipIf(!requireDovecot())('an oversized delta', () => {
  let dc: Dovecot;
  let driver: AccountDriver | undefined;

  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: 'many', password: 'pw' }], quotaMB: 200 });
    const raw = (i: number) => buildMessage({ subject: `n${i}`, text: 'x' });
    dc.seed(
      'many',
      'INBOX',
      Array.from({ length: MESSAGES }, (_, i) => ({ raw: raw(i) })),
    );
  }, 120_000);
  afterAll(async () => {
    await driver?.stop();
    await dc?.destroy(); // thousands of files: slow on a loaded machine
  }, 120_000);

  it('is replaced by a snapshot that fits, and the count follows the server', async () => {
    const rec = new Recorder();
    driver = createImapDriverFactory({}).create(accountFor(dc, 'many'), 'pw', rec);
    driver.start();
    const first = await rec.waitMailbox('mailbox.snapshot', 'INBOX', 0, () => true, 90_000);
    expect(first.mailbox.unseen).toBe(MESSAGES);
    // Let the driver settle into push before the other client acts.
    await rec.waitFor(() => rec.states.at(-1)?.state === 'connected', 30_000, 'connected');
    const from = rec.events.length;
    await withPeer({ host: dc.host, port: dc.ports.imap, user: 'many', password: 'pw' }, async (c) => {
      await c.mailboxOpen('INBOX');
      expect(await c.messageFlagsAdd('1:*', FLAGS, { uid: true, silent: true })).toBe(true);
    });
    const after = await rec.waitMailbox('mailbox.snapshot', 'INBOX', from, (d) => d.mailbox.unseen === 0, 60_000);
    expect(after.messages).toEqual([]);
    const emitted = rec.events.slice(from).filter((e) => e.type === 'mailbox.delta' || e.type === 'mailbox.snapshot');
    for (const e of emitted) {
      expect(Buffer.byteLength(JSON.stringify(e.data)), e.type).toBeLessThanOrEqual(EVENT_BUDGET_BYTES);
    }
  }, 180_000);
});
