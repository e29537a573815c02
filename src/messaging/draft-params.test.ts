import { describe, expect, it } from 'vitest';
import type { DraftRecord } from '../store/drafts';
import { draftToParams, newMessageId, parseRecipients } from './draft-params';

const account = { id: 'a1', user: 'alice@example.com', smtp: { name: 'Alice' } };
const draft = (extra: Partial<DraftRecord> = {}): DraftRecord => ({
  id: 'd1',
  accountId: 'a1',
  kind: 'new',
  to: 'Bob <bob@example.com>',
  cc: '',
  bcc: '',
  subject: 'Hi',
  text: 'Hello',
  status: 'editing',
  messageId: '<m1@example.com>',
  date: '2026-12-02T10:00:00.000Z',
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});

describe('parseRecipients', () => {
  it('reads names, quotes and several addresses', () => {
    expect(parseRecipients('"Doe, John" <j@example.com>, carol@example.com').recipients).toEqual([
      { name: 'Doe, John', address: 'j@example.com' },
      { address: 'carol@example.com' },
    ]);
  });

  it('names what is not an address', () => {
    expect(parseRecipients('bob, carol@example.com').invalid).toEqual(['bob']);
  });
});

describe('draftToParams', () => {
  it('builds the send params with the account as From', () => {
    const result = draftToParams(draft({ cc: 'carol@example.com' }), account);
    expect(result).toEqual({
      params: expect.objectContaining({
        from: { name: 'Alice', address: 'alice@example.com' },
        to: [{ name: 'Bob', address: 'bob@example.com' }],
        cc: [{ address: 'carol@example.com' }],
        messageId: '<m1@example.com>',
      }),
    });
  });

  it('refuses a subject that would inject a header', () => {
    expect(draftToParams(draft({ subject: 'Hi\r\nBcc: eve@evil.example' }), account)).toEqual({
      problems: [expect.objectContaining({ kind: 'invalid' })],
    });
  });

  it('needs a recipient and a valid From', () => {
    expect(draftToParams(draft({ to: '' }), account)).toEqual({ problems: [{ kind: 'noRecipient' }] });
    expect(draftToParams(draft(), { id: 'a1', user: 'alice' })).toEqual({ problems: [{ kind: 'noSender' }] });
  });

  it('drops \\Answered when From was switched to another account; a forward must stay on its own', () => {
    const ref = { accountId: 'other', mailbox: 'INBOX', uidValidity: '1', uid: '5' };
    const reply = draftToParams(draft({ answers: ref }), account);
    expect('params' in reply && reply.params.answers).toBeFalsy();
    expect(draftToParams(draft({ forwardsAttachmentsOf: ref }), account)).toEqual({
      problems: [{ kind: 'forwardOtherAccount' }],
    });
  });

  it('makes Message-IDs on the sender domain', () => {
    expect(newMessageId({ address: 'a@example.com' }, () => 'x1')).toBe('<x1@example.com>');
  });
});
