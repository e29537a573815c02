import '../testing/dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, RuntimeRequestError, setBackgroundConnector } from '../../messaging/client';
import type { RuntimeParams } from '../../messaging/map';
import type { AccountView } from '../../protocol/model';
import { installEnglishI18n } from '../testing/i18n';
import { account } from '../testing/seed';
import { draftFromAccount, draftToSettings, emptyDraft, validateDraft } from './account-draft';
import { AccountForm } from './AccountForm';

const FP = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');

beforeEach(() => {
  fakeBrowser.reset();
  installEnglishI18n();
});
afterEach(() => setBackgroundConnector(undefined));

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('validateDraft', () => {
  it('requires server, user and (for a new account) password; checks port, e-mail, interval, URL, plain text', () => {
    expect(validateDraft(emptyDraft(), { isNew: true })).toEqual({
      host: 'errorRequired',
      user: 'errorRequired',
      password: 'errorRequired',
    });
    const ok = { ...emptyDraft(), host: 'imap.example.org', user: 'me', password: 'pw' };
    expect(validateDraft(ok, { isNew: true })).toEqual({});
    expect(validateDraft({ ...ok, password: '' }, { isNew: false })).toEqual({});
    expect(
      validateDraft(
        { ...ok, port: '70000', email: 'nope', pollIntervalSec: '5', webmailUrl: 'javascript:alert(1)' },
        { isNew: true },
      ),
    ).toEqual({
      port: 'errorPort',
      email: 'errorEmail',
      pollIntervalSec: 'errorInterval',
      webmailUrl: 'errorUrl',
    });
    expect(validateDraft({ ...ok, security: 'none' }, { isNew: true })).toEqual({ security: 'errorInsecure' });
    expect(validateDraft({ ...ok, host: '127.0.0.1', security: 'none' }, { isNew: true })).toEqual({});
    expect(validateDraft({ ...ok, host: 'https://x' }, { isNew: true })).toEqual({ host: 'errorHost' });
  });

  it('fills the default port and never puts the password into the settings', () => {
    const settings = draftToSettings({
      ...emptyDraft(),
      host: 'h.example',
      user: 'me',
      password: 'secret',
      type: 'pop3',
      security: 'tls',
    });
    expect(settings).toMatchObject({ type: 'pop3', port: 995, leaveOnServer: true, watchedFolders: ['INBOX'] });
    expect(JSON.stringify(settings)).not.toContain('secret');
  });

  it("leaves the poll interval to the bridge's default unless one is typed", () => {
    const base = { ...emptyDraft(), host: 'h.example', user: 'me', password: 'pw' };
    expect(validateDraft(base, { isNew: true })).toEqual({});
    expect(draftToSettings(base)).not.toHaveProperty('pollIntervalSec');
    expect(draftToSettings({ ...base, pollIntervalSec: '90' })).toMatchObject({ pollIntervalSec: 90 });
  });
});

describe('AccountForm', () => {
  it('shows field errors by label and sends nothing while invalid', async () => {
    const sent: string[] = [];
    setBackgroundConnector(
      createMockConnector({ 'account.test': () => (sent.push('test'), Promise.reject(new Error('no'))) }),
    );
    render(<AccountForm onSaved={() => undefined} onCancel={() => undefined} />);
    type('Port', '0');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(screen.getByLabelText('Server').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Port').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('A port is a number from 1 to 65535.')).toBeTruthy();
    expect(sent).toEqual([]);
  });

  it('autodetects, tests, pins a self-signed certificate, picks folders and saves the password once', async () => {
    const tests: RuntimeParams<'account.test'>[] = [];
    const adds: RuntimeParams<'account.add'>[] = [];
    let saved: AccountView | undefined;
    setBackgroundConnector(
      createMockConnector({
        'account.autodetect': ({ email }) => ({
          candidates: [
            {
              settings: { type: 'imap', host: 'imap.example.org', port: 993, security: 'tls', user: email },
              source: 'SRV _imaps._tcp',
              outsideDomain: false,
            },
          ],
        }),
        'account.test': (p) => {
          tests.push(p);
          if ('settings' in p && !p.settings.pinnedCert) {
            throw new RuntimeRequestError({
              code: 'TLS_UNTRUSTED',
              message: `certificate not trusted (self-signed); SHA-256 fingerprint ${FP}`,
              retryable: false,
              tls: { problem: 'selfSigned', fingerprint: FP, reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
            });
          }
          return {
            tlsVersion: 'TLSv1.3',
            certFingerprint: FP,
            certVerified: false,
            capabilities: ['IMAP4rev1', 'IDLE'],
            folders: [{ path: 'INBOX' }, { path: 'Lists' }, { path: 'Trash', specialUse: '\\Trash' }],
          };
        },
        'account.add': (p) => (adds.push(p), { account: account('new1', { label: p.settings.label }) }),
      }),
    );
    render(<AccountForm onSaved={(a) => (saved = a)} onCancel={() => undefined} />);
    type('Email address', 'me@example.org');
    fireEvent.click(screen.getByRole('button', { name: 'Detect settings' }));
    await waitFor(() => expect((screen.getByLabelText('Server') as HTMLInputElement).value).toBe('imap.example.org'));
    expect((screen.getByLabelText('Port') as HTMLInputElement).value).toBe('993');
    expect((screen.getByLabelText('User name') as HTMLInputElement).value).toBe('me@example.org');
    expect((screen.getByLabelText('Security') as HTMLSelectElement).value).toBe('tls');
    type('Password', 'hunter2');

    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByTestId('untrusted-certificate');
    expect(screen.getAllByText(FP).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'Pin certificate' }));
    const report = await screen.findByTestId('connection-report');
    expect(report.textContent).toContain('TLSv1.3');
    expect(report.textContent).toContain('IDLE');
    expect(tests).toHaveLength(2);
    expect(tests[1]).toMatchObject({ settings: { pinnedCert: FP }, password: 'hunter2' });

    fireEvent.click(screen.getByRole('checkbox', { name: 'Lists' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saved?.id).toBe('new1'));
    expect(adds).toHaveLength(1);
    expect(adds[0]!.password).toBe('hunter2');
    expect(adds[0]!.settings).toMatchObject({
      host: 'imap.example.org',
      port: 993,
      pinnedCert: FP,
      watchedFolders: ['INBOX', 'Lists'],
    });
    expect(JSON.stringify(adds[0]!.settings)).not.toContain('hunter2');
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    // Nothing of the password reached extension storage.
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('hunter2');
  });

  it('edits an account: the password stays unchanged unless typed, the test uses the saved account', async () => {
    const calls: unknown[] = [];
    setBackgroundConnector(
      createMockConnector({
        'account.test': (p) => (calls.push(p), { certVerified: true, capabilities: [], folders: [] }),
        'account.update': (p) => (calls.push(p), { account: account('work') }),
      }),
    );
    render(
      <AccountForm
        account={account('work', { type: 'pop3', port: 995 })}
        onSaved={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByRole('checkbox', { name: 'Keep a copy after downloading (POP3)' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByTestId('connection-report');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]).toEqual({ accountId: 'work' });
    expect(calls[1]).toMatchObject({
      accountId: 'work',
      password: undefined,
      settings: { type: 'pop3', port: 995, leaveOnServer: true },
    });
  });

  it('asks for the password again when the server, port, security, user or certificate changes, and tests the draft', async () => {
    const calls: { type: string; params: unknown }[] = [];
    setBackgroundConnector(
      createMockConnector({
        'account.test': (p) => (
          calls.push({ type: 'test', params: p }),
          { certVerified: true, capabilities: [], folders: [] }
        ),
        'account.update': (p) => (calls.push({ type: 'update', params: p }), { account: account('work') }),
      }),
    );
    render(<AccountForm account={account('work')} onSaved={() => undefined} onCancel={() => undefined} />);
    type('Server', 'other.example.net');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/enter the password again/);
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
    expect(calls).toEqual([]); // neither the saved account's password nor a save went anywhere
    type('Password', 'new-pw');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByTestId('connection-report');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]).toEqual({
      type: 'test',
      params: { settings: expect.objectContaining({ host: 'other.example.net' }), password: 'new-pw' },
    });
    expect(calls[1]).toMatchObject({
      type: 'update',
      params: { password: 'new-pw', settings: { host: 'other.example.net' } },
    });
  });

  it.each([
    ['port', { port: '1993' }],
    ['security', { security: 'starttls' as const }],
    ['user', { user: 'someone-else' }],
    ['pinned certificate', { pinnedCert: FP }],
  ])('validateDraft wants the password again after a %s change, not after a label change', (_what, change) => {
    const saved = account('work');
    const draft = { ...draftFromAccount(saved), ...change };
    expect(validateDraft(draft, { isNew: false, saved })).toEqual({ password: 'errorPasswordAgain' });
    expect(validateDraft({ ...draft, password: 'pw' }, { isNew: false, saved })).toEqual({});
    expect(validateDraft({ ...draftFromAccount(saved), label: 'x' }, { isNew: false, saved })).toEqual({});
    // An account without a stored password has none to leak.
    expect(validateDraft(draft, { isNew: false, saved: { ...saved, hasPassword: false } })).toEqual({});
  });
});
