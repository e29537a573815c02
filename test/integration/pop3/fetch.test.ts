/**
 * message.fetch on POP3: RETR streamed and capped at 5 MB, parsed with postal-mime, and cut so
 * the reply stays well under Chrome's 1 MB native-messaging limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPop3DriverFactory } from '../../../src/bridge/pop3';
import { ErrorCode, type MessageHeader } from '../../../src/protocol';
import { requireDovecot, startDovecot, type Dovecot } from '../../harness/dovecot';
import { buildMessage } from '../../harness/mail-factory';
import { accountFor, PASSWORD, record, refOf, USER } from './helpers';

const factory = createPop3DriverFactory({ timeouts: { idleTimeoutMs: 5_000 } });

describe.skipIf(!requireDovecot())('POP3 fetch against Dovecot', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot({ users: [{ user: USER, password: PASSWORD }], quotaMB: 100 });
    await dc.deliver(
      USER,
      buildMessage({
        subject: 'attached',
        text: 'See the file.',
        attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: 'hello' }],
      }),
    );
    await dc.deliver(USER, buildMessage({ subject: 'big html', html: `<p>${'<b>x</b> '.repeat(300_000)}</p>` }));
    await dc.deliver(USER, buildMessage({ subject: 'huge', text: 'y'.repeat(7 * 1024 * 1024) }));
  });
  afterAll(async () => {
    await dc?.destroy();
  });

  it('returns text, attachments and caps big bodies under the reply limit', async () => {
    const rec = record();
    const driver = factory.create(accountFor(dc), PASSWORD, rec.ctx);
    driver.start();
    await rec.until(() => rec.of('mailbox.snapshot').length === 1);
    const headers = rec.of('mailbox.snapshot')[0].messages;
    const uidOf = (s: string) => (headers.find((h: MessageHeader) => h.subject === s) as MessageHeader).uid;
    // Preview from TOP of a multipart/mixed message: flagged, and the snippet reaches the text part.
    expect(headers.find((h) => h.subject === 'attached')).toMatchObject({
      hasAttachments: true,
      snippet: 'See the file.',
    });

    const small = await driver.fetch(refOf(uidOf('attached')));
    expect(small).toMatchObject({
      truncated: false,
      attachments: [{ filename: 'a.txt', contentType: 'text/plain', size: 5 }],
    });
    expect(small.text).toContain('See the file.');

    for (const subject of ['big html', 'huge']) {
      const body = await driver.fetch(refOf(uidOf(subject)));
      const bytes = Buffer.byteLength(JSON.stringify(body));
      console.log(`fetch "${subject}": reply ${bytes} bytes, truncated=${body.truncated}`);
      expect(body.truncated).toBe(true);
      expect(bytes).toBeLessThan(1_000_000);
      expect(body.header.subject).toBe(subject);
    }

    await expect(driver.fetch(refOf('no-such-uidl'))).rejects.toMatchObject({ code: ErrorCode.MessageGone });
    expect(rec.states.at(-1)?.state).toBe('connected');
    await driver.stop();
  });
});
