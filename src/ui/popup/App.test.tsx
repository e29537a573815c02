import '../testing/dom';
import { version } from '../../../package.json';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, setBackgroundConnector } from '../../messaging/client';
import type { MessageAction, MessageRef } from '../../protocol/model';
import { installEnglishI18n } from '../testing/i18n';
import { account, header, seedDb, type SeedMailbox } from '../testing/seed';
import { App } from './App';
import { LIST_LIMIT, storeSource } from './mail-source';
import { DEFAULT_SETTINGS } from '../../store/settings';
import { clearBodyCache } from '../reader/use-message-body';

type Call = { ref: MessageRef; action: MessageAction; holdMs?: number };

async function setup(accounts = [account('work'), account('home')], mailboxes?: SeedMailbox[], undoMs = 5000) {
  const db = await seedDb(
    accounts,
    mailboxes ?? [
      { accountId: 'work', messages: [header('1', 30), header('2', 5), header('3', 60 * 30, { flags: ['\\Seen'] })] },
      { accountId: 'home', messages: [header('7', 10, { subject: 'Dinner', snippet: 'At eight?' })] },
    ],
  );
  const calls: Call[] = [];
  const cancels: string[] = [];
  const others: Array<{ type: string; payload: unknown }> = [];
  /** What `loadOlder` answers. */
  const olderAnswer = { added: 0, more: false };
  /** What the background says to a cancel: true while the held action still waits. */
  const cancelAnswer = { cancelled: true };
  setBackgroundConnector(
    createMockConnector({
      performAction: (p) => (calls.push(p as Call), { actionId: `a${calls.length}` }),
      cancelAction: ({ actionId }) => (cancels.push(actionId), cancelAnswer),
      performActions: ({ refs, action, holdMs }) => ({
        actionIds: refs.map((ref) => (calls.push({ ref, action, holdMs }), `a${calls.length}`)),
      }),
      cancelActions: ({ actionIds }) => (
        cancels.push(...actionIds),
        { cancelled: cancelAnswer.cancelled ? actionIds.length : 0 }
      ),
      loadOlder: (payload) => (others.push({ type: 'loadOlder', payload }), olderAnswer),
      refresh: (payload) => (others.push({ type: 'refresh', payload }), {}),
      'settings.update': (payload) => (others.push({ type: 'settings.update', payload }), DEFAULT_SETTINGS),
      markAllRead: ({ accountId }) => (
        calls.push({ ref: { accountId: accountId ?? '*', mailbox: '', uidValidity: '', uid: '' }, action: 'markRead' }),
        { queued: 1 }
      ),
      fetchBody: ({ ref }) => ({
        ref,
        header: header(ref.uid, 5),
        text: `Body of ${ref.uid}\nsecond line https://link.example/`,
        attachments: [{ filename: 'report.pdf', contentType: 'application/pdf', size: 2_500_000 }],
        truncated: true,
      }),
    }),
  );
  const view = render(
    <App
      source={storeSource(() => Promise.resolve(db))}
      undoMs={undoMs}
      compose={<button type="button">New message</button>}
    />,
  );
  return { db, calls, cancels, cancelAnswer, others, olderAnswer, view };
}

const rows = () => within(screen.getByRole('listbox', { name: 'Messages' })).getAllByRole('option');
const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k });

beforeEach(async () => {
  fakeBrowser.reset();
  installEnglishI18n();
  clearBodyCache();
  await fakeBrowser.storage.session.set({
    bridgeStatus: {
      state: 'connected',
      bridgeVersion: '0.1.0',
      protocolVersion: 1,
      capabilities: [],
      secretStore: 'file',
    },
  });
});
afterEach(() => setBackgroundConnector(undefined));

describe('popup list', () => {
  it('lists unread mail newest first across accounts, with account chips and counts', async () => {
    await setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows().map((r) => r.querySelector('.subject')?.textContent)).toEqual(['Subject 2', 'Dinner', 'Subject 1']);
    expect(rows()[1]!.textContent).toContain('At eight?');
    expect(rows()[0]!.textContent).toContain('5 min');
    const chips = within(screen.getByRole('group', { name: 'Filter by account' })).getAllByRole('button');
    expect(chips.map((c) => c.textContent)).toEqual(['All 3', 'HOME 1', 'WORK 2']);
    expect(screen.getByText('Connected to bridge 0.1.0').getAttribute('data-state')).toBe('connected');

    fireEvent.click(screen.getByRole('button', { name: 'HOME 1' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'HOME 1' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'WORK 2' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show read messages' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()[2]!.className).not.toContain('unread');
  });

  it('moves with j/k and arrows, opens with Enter, goes back with Esc', async () => {
    const { calls } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('true');
    key('j');
    await waitFor(() => expect(rows()[1]!.getAttribute('aria-selected')).toBe('true'));
    expect(document.activeElement).toBe(rows()[1]);
    key('ArrowDown');
    key('k');
    await waitFor(() => expect(rows()[1]!.getAttribute('aria-selected')).toBe('true'));
    key('Enter');
    const heading = await screen.findByRole('heading', { level: 1, name: 'Subject 7' });
    expect(document.activeElement).toBe(heading);
    // Plain text keeps its lines, links its URL; attachments with sizes; truncation is said.
    await screen.findByText('report.pdf');
    expect(screen.getByTestId('message-text').textContent).toBe('Body of 7\nsecond line https://link.example/');
    expect(screen.getByRole('link', { name: 'https://link.example/' })).toBeTruthy();
    expect(screen.getByText('2.4 MB')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/too long/);
    key('u');
    expect(calls).toEqual([
      { ref: { accountId: 'home', mailbox: 'INBOX', uidValidity: '1', uid: '7' }, action: 'markRead' },
    ]);
    key('Escape');
    await waitFor(() => expect(rows()).toHaveLength(3));
    await waitFor(() => expect(document.activeElement).toBe(rows()[1]));
  });

  it('archives with e; deletes with # into the outbox at once, held for undo; Undo takes it back', async () => {
    const { calls, cancels, cancelAnswer } = await setup(undefined, undefined, 5000);
    await waitFor(() => expect(rows()).toHaveLength(3));
    key('e');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByText('Message archived.')).toBeTruthy();
    expect(calls.map((c) => `${c.action}:${c.ref.uid}`)).toEqual(['archive:2']);

    key('#');
    await waitFor(() => expect(rows()).toHaveLength(1));
    // Queued at once (closing the popup now loses nothing), held back for the undo window.
    expect(calls.map((c) => `${c.action}:${c.ref.uid}:${c.holdMs}`)).toEqual(['archive:2:5000', 'delete:7:5000']);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(cancels).toEqual(['a2']);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();

    // Too late: the background already sent it. The user is told so.
    cancelAnswer.cancelled = false;
    key('Delete');
    await waitFor(() => expect(screen.getByText('Message deleted.')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByText(/Too late to undo/)).toBeTruthy());
    expect(cancels).toEqual(['a2', 'a3']);
  });

  it('the undo offer ends with its window', async () => {
    const { calls } = await setup(undefined, undefined, 50);
    await waitFor(() => expect(rows()).toHaveLength(3));
    key('#');
    await waitFor(() => expect(screen.getByText('Message deleted.')).toBeTruthy());
    await waitFor(() => expect(screen.queryByText('Message deleted.')).toBeNull());
    expect(calls.map((c) => `${c.action}:${c.holdMs}`)).toEqual(['delete:50']);
  });

  it('offers only what POP3 can do, and marks all read', async () => {
    const { calls } = await setup(
      [account('pop', { type: 'pop3' })],
      [{ accountId: 'pop', messages: [header('u1', 3)] }],
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    key('e');
    key('!');
    expect(calls).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(calls.map((c) => c.ref.accountId)).toEqual(['*']));
    key('Enter');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('button', { name: 'Archive' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeTruthy();
  });
});

describe('row actions and selection', () => {
  const toolbar = () => screen.getByRole('toolbar', { name: /^Actions for/ });

  it('each row has its actions at hand: named, with tooltips, acting on that row only', async () => {
    const { calls } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.mouseEnter(rows()[2]!);
    await waitFor(() => expect(toolbar().getAttribute('aria-label')).toBe('Actions for “Subject 1”'));
    const names = within(toolbar())
      .getAllByRole('button')
      .map((b) => `${b.getAttribute('aria-label')}|${b.getAttribute('title')}`);
    expect(names).toEqual(['Mark read|Mark read', 'Flag|Flag', 'Archive|Archive', 'Junk|Junk', 'Delete|Delete']);
    fireEvent.click(within(toolbar()).getByRole('button', { name: 'Flag' }));
    expect(calls).toEqual([
      { ref: { accountId: 'work', mailbox: 'INBOX', uidValidity: '1', uid: '1' }, action: 'flag' },
    ]);
    fireEvent.click(within(toolbar()).getByRole('button', { name: 'Junk' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(calls.at(-1)).toMatchObject({ ref: { uid: '1' }, action: 'junk', holdMs: 5000 });
    expect(screen.getByText('Message moved to junk.')).toBeTruthy();
    // Keyboard: the toolbar follows the focused row.
    rows()[0]!.focus();
    await waitFor(() => expect(toolbar().getAttribute('aria-label')).toBe('Actions for “Subject 2”'));
  });

  it('x, Shift-click and Ctrl+A select; one action reaches exactly the chosen rows; one undo takes all back', async () => {
    const { calls, cancels } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    key('x'); // the current (first) row
    await waitFor(() => expect(screen.getByText('1 selected')).toBeTruthy());
    fireEvent.click(rows()[2]!, { shiftKey: true });
    await waitFor(() => expect(screen.getByText('3 selected')).toBeTruthy());
    fireEvent.click(rows()[1]!, { ctrlKey: true }); // unselect the middle one
    await waitFor(() => expect(screen.getByText('2 selected')).toBeTruthy());
    expect(rows().map((r) => r.getAttribute('aria-selected'))).toEqual(['true', 'false', 'true']);
    const bar = screen.getByRole('toolbar', { name: 'Actions for 2 selected messages' });
    fireEvent.click(within(bar).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(calls.map((c) => `${c.action}:${c.ref.uid}:${c.holdMs}`)).toEqual(['delete:2:5000', 'delete:1:5000']);
    expect(screen.getByText('2 messages deleted.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(cancels).toEqual(['a1', 'a2']);

    fireEvent.keyDown(document.body, { key: 'a', ctrlKey: true });
    await waitFor(() => expect(screen.getByText('3 selected')).toBeTruthy());
    key('u'); // any unread: all become read
    expect(calls.slice(2).map((c) => `${c.action}:${c.ref.uid}`)).toEqual(['markRead:2', 'markRead:7', 'markRead:1']);
    key('Escape');
    await waitFor(() => expect(screen.queryByText(/selected$/)).toBeNull());
  });
});

describe('header and older mail', () => {
  it('shows the total, refreshes, pauses notifications, and keeps a place for New message', async () => {
    const { others } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.getByTestId('unread-total').textContent).toBe('3 unread');
    expect(screen.getByRole('button', { name: 'New message' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Check for new mail now' }));
    await waitFor(() => expect(others).toContainEqual({ type: 'refresh', payload: {} }));
    fireEvent.click(screen.getByRole('button', { name: 'HOME 1' }));
    await waitFor(() => expect(screen.getByTestId('unread-total').textContent).toBe('1 unread in HOME'));
    const menu = screen.getByRole('button', { name: 'Notifications: pause or resume' });
    fireEvent.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    const before = Date.now();
    fireEvent.click(screen.getByRole('button', { name: 'Pause notifications for 1 hour' }));
    await waitFor(() => expect(others.some((o) => o.type === 'settings.update')).toBe(true));
    const until = (others.find((o) => o.type === 'settings.update')!.payload as { notificationsPausedUntil: number })
      .notificationsPausedUntil;
    expect(until).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(until).toBeLessThan(before + 3_700_000);
  });

  it('says how many unread are listed of how many; Show older asks the background, then says when none came', async () => {
    const { others, olderAnswer } = await setup(
      [account('work')],
      [{ accountId: 'work', status: { unseen: 300 }, messages: [header('1', 1), header('2', 2)] }],
    );
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId('listed-count').textContent).toBe('2 of 300 unread listed');
    olderAnswer.added = 0;
    fireEvent.click(screen.getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(screen.getByText('No older unread mail was found on the server.')).toBeTruthy());
    expect(others.filter((o) => o.type === 'loadOlder')).toEqual([{ type: 'loadOlder', payload: {} }]);
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
  });

  it('Show older first lists more of the cache, without asking the servers', async () => {
    const many = Array.from({ length: LIST_LIMIT + 30 }, (_, i) => header(String(i + 1), i));
    const { others } = await setup([account('a')], [{ accountId: 'a', messages: many }]);
    // Fake IndexedDB and jsdom are slow with many rows on a busy machine: wait longer.
    await waitFor(() => expect(rows()).toHaveLength(LIST_LIMIT), { timeout: 10_000 });
    expect(screen.getByTestId('listed-count').textContent).toBe(`${LIST_LIMIT} of ${LIST_LIMIT + 30} unread listed`);
    fireEvent.click(screen.getByRole('button', { name: 'Show older' }));
    await waitFor(() => expect(rows()).toHaveLength(LIST_LIMIT + 30), { timeout: 10_000 });
    expect(others.filter((o) => o.type === 'loadOlder')).toEqual([]);
    // Everything is listed now: no more offer.
    expect(screen.queryByRole('button', { name: 'Show older' })).toBeNull();
  }, 30_000);
});

describe('popup states', () => {
  it('no accounts: a button to the options page', async () => {
    await setup([], []);
    expect(await screen.findByText('No mail account is set up yet.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add an account' })).toBeTruthy();
  });

  it('bridge missing: the exact install command; stale data is marked', async () => {
    await fakeBrowser.storage.session.set({ bridgeStatus: { state: 'missing' } });
    await setup();
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.getAttribute('data-state')).toBe('missing'));
    expect(screen.getByTestId('install-command').textContent).toBe(`npx mailglance-bridge@${version} install`);
    await waitFor(() => expect(screen.getByRole('listbox').getAttribute('data-stale')).toBe('true'));
    expect(screen.getByText(/Offline — showing mail as of 3 min/)).toBeTruthy();
  });

  it('bridge missing: explains the bridge and offers the setup page', async () => {
    await fakeBrowser.storage.session.set({ bridgeStatus: { state: 'missing' } });
    await setup();
    await waitFor(() => expect(screen.getByTestId('open-setup')).toBeTruthy());
    expect(screen.getByRole('alert').textContent).toMatch(/cannot connect to them itself/);
  });

  it('bridge too old: "update the bridge" with the exact command; too new: says the extension is behind', async () => {
    await fakeBrowser.storage.session.set({
      bridgeStatus: { state: 'incompatible', detail: 'protocol', bridgeProtocol: 0, bridgeVersion: '0.0.1' },
    });
    await setup();
    await waitFor(() =>
      expect(screen.getByTestId('update-command').textContent).toBe(`npx mailglance-bridge@${version} install`),
    );
    expect(screen.getByRole('alert').getAttribute('data-direction')).toBe('bridge-older');
    cleanup();
    await fakeBrowser.storage.session.set({
      bridgeStatus: { state: 'incompatible', detail: 'protocol', bridgeProtocol: 99, bridgeVersion: '9.0.0' },
    });
    await setup();
    await waitFor(() => expect(screen.getByRole('alert').getAttribute('data-direction')).toBe('bridge-newer'));
    expect(screen.getByRole('alert').textContent).toContain('9.0.0');
  });

  it('auth failed: a button to fix it; quota near full: usage and limit', async () => {
    await setup(
      [
        account('work', {
          state: 'authFailed',
          stateDetail: 'AUTHENTICATIONFAILED',
          webmailUrl: 'https://mail.example.org/#msg/{messageId}',
        }),
      ],
      [
        {
          accountId: 'work',
          status: { quota: { usage: 980 * 1024 * 1024, limit: 1024 * 1024 * 1024 } },
          messages: [header('1', 1)],
        },
      ],
    );
    expect(await screen.findByText(/Sign-in failed for WORK/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Fix account' })).toBeTruthy();
    expect(screen.getByText('Mailbox WORK is almost full: 980 MB of 1.0 GB used.')).toBeTruthy();
    // One click to the fix: the account's webmail, where mail can be deleted.
    expect(screen.getByRole('link', { name: 'Make room in webmail' }).getAttribute('href')).toBe(
      'https://mail.example.org/',
    );
  });

  it('messages marked deleted on the server: a purge button with their number, sent on click', async () => {
    const db = await seedDb(
      [account('work')],
      [{ accountId: 'work', status: { deleted: 2 }, messages: [header('1', 1)] }],
    );
    const purged: unknown[] = [];
    setBackgroundConnector(
      createMockConnector({ 'mailbox.purge': (p) => (purged.push(p), { mailbox: { ...p } as never }) }),
    );
    render(<App source={storeSource(() => Promise.resolve(db))} />);
    const button = await screen.findByRole('button', { name: /^Purge 2 deleted in WORK · / });
    fireEvent.click(button);
    await waitFor(() => expect(purged).toEqual([{ accountId: 'work', mailbox: 'INBOX' }]));
  });

  it('first paint with 1,000 cached messages shows the newest 100, in order, straight from the store', async () => {
    // minutesAgo = i: uid 1 is the newest. The timing is the benchmark's job (bench/popup-paint.ts).
    const many = Array.from({ length: 1000 }, (_, i) => header(String(i + 1), i));
    const db = await seedDb([account('a')], [{ accountId: 'a', messages: many }]);
    // The background never answers: the list must not wait for it.
    setBackgroundConnector(createMockConnector({}));
    render(<App source={storeSource(() => Promise.resolve(db))} />);
    await waitFor(() => expect(rows()).toHaveLength(LIST_LIMIT));
    const subjects = rows().map((r) => within(r).getByText(/^Subject \d+$/).textContent);
    expect(subjects).toEqual(Array.from({ length: LIST_LIMIT }, (_, i) => `Subject ${i + 1}`));
    await act(() => Promise.resolve());
  });
});
