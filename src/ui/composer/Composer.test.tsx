import '../testing/dom';
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, setBackgroundConnector } from '../../messaging/client';
import { deleteDraft, getDraft, listDrafts } from '../../store/drafts';
import { clearBodyCache } from '../reader/use-message-body';
import { App } from '../popup/App';
import { storeSource } from '../popup/mail-source';
import { installEnglishI18n } from '../testing/i18n';
import { account, header, seedDb } from '../testing/seed';

const sends: { draftId: string; uncertain?: string }[] = [];

async function setup() {
  const db = await seedDb(
    [account('work', { user: 'alice@example.org' })],
    [
      {
        accountId: 'work',
        messages: [
          header('1', 5, {
            subject: 'Lunch',
            messageId: '<lunch@example.net>',
            from: [{ name: 'Bob', address: 'bob@example.net' }],
            to: [{ address: 'alice@example.org' }, { address: 'dave@example.net' }],
          }),
        ],
      },
    ],
  );
  setBackgroundConnector(
    createMockConnector({
      performAction: () => ({ actionId: 'x' }),
      fetchBody: ({ ref }) => ({
        ref,
        header: header(ref.uid, 5, {
          subject: 'Lunch',
          messageId: '<lunch@example.net>',
          from: [{ name: 'Bob', address: 'bob@example.net' }],
          to: [{ address: 'alice@example.org' }, { address: 'dave@example.net' }],
        }),
        html: '<p>Noon?</p><script>window.pwned = 1</script>',
        attachments: [
          { filename: 'menu.pdf', contentType: 'application/pdf', size: 2048 },
          { filename: 'video.mp4', contentType: 'video/mp4', size: 50_000_000 },
        ],
        truncated: false,
        replyContext: { replyTo: [], cc: [{ address: 'carol@example.net' }], references: ['<root@example.net>'] },
      }),
      'draft.send': (p) => (sends.push(p), { status: 'queued' }),
    }),
  );
  render(<App source={storeSource(() => Promise.resolve(db))} />);
}

const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k });
const field = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLTextAreaElement;

beforeEach(async () => {
  fakeBrowser.reset();
  installEnglishI18n();
  clearBodyCache();
  sends.length = 0;
  for (const d of await listDrafts()) await deleteDraft(d.id);
});
afterEach(() => setBackgroundConnector(undefined));

describe('composer in the popup', () => {
  it('a replies to all from the reader: recipients, Re: once, quoted text, no live markup', async () => {
    await setup();
    await screen.findByText('Lunch');
    key('Enter');
    await screen.findByRole('button', { name: 'Reply all' });
    key('a');
    await waitFor(() => expect(field('to')).toBeTruthy());
    expect(field('to').value).toBe('Bob <bob@example.net>');
    expect(field('cc').value).toBe('dave@example.net, carol@example.net');
    expect(field('subject').value).toBe('Re: Lunch');
    expect(field('body').value).toMatch(/wrote:\n> Noon\?/);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    const [draft] = await listDrafts();
    expect(draft).toMatchObject({
      kind: 'replyAll',
      inReplyTo: '<lunch@example.net>',
      references: ['<root@example.net>', '<lunch@example.net>'],
      answers: { accountId: 'work', uid: '1' },
    });
  });

  it('f forwards: no recipients, Fwd: once, and says which attachments are over the cap', async () => {
    await setup();
    await screen.findByText('Lunch');
    key('Enter');
    await screen.findByRole('button', { name: 'Forward' });
    key('f');
    await waitFor(() => expect(field('subject')).toBeTruthy());
    expect(field('subject').value).toBe('Fwd: Lunch');
    expect(field('to').value).toBe('');
    expect(screen.getByText(/Attachments forwarded.*menu\.pdf/)).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/Left out.*video\.mp4/);
  });

  it('offers no composer while a bridge without sending is attached', async () => {
    await fakeBrowser.storage.session.set({
      bridgeStatus: {
        state: 'connected',
        bridgeVersion: '0.0.9',
        protocolVersion: 1,
        capabilities: ['imap'],
        secretStore: 'file',
      },
    });
    await setup();
    await screen.findByText('Lunch');
    expect(screen.queryByRole('button', { name: 'New message' })).toBeNull();
    key('Enter');
    await screen.findByRole('button', { name: 'Back' });
    await screen.findByText('menu.pdf');
    expect(screen.queryByRole('button', { name: 'Reply' })).toBeNull();
    key('r');
    expect(document.querySelector('[name="to"]')).toBeNull();
  });

  it('saves what is typed, shows bad addresses, and sends the draft through the background', async () => {
    await setup();
    await screen.findByText('Lunch');
    key('c');
    await waitFor(() => expect(field('to')).toBeTruthy());
    fireEvent.input(field('to'), { target: { value: 'bob, carol@example.net' } });
    expect(await screen.findByText('Not an e-mail address: bob')).toBeTruthy();
    fireEvent.input(field('to'), { target: { value: 'carol@example.net' } });
    fireEvent.input(field('subject'), { target: { value: 'Plans' } });
    fireEvent.input(field('body'), { target: { value: 'See you' } });
    const [draft] = await listDrafts();
    await waitFor(async () =>
      expect(await getDraft(draft!.id)).toMatchObject({ to: 'carol@example.net', text: 'See you' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(sends).toEqual([{ draftId: draft!.id }]));
  });
});
