import '../testing/dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, RuntimeRequestError, setBackgroundConnector } from '../../messaging/client';
import type { RuntimeParams } from '../../messaging/map';
import type { AccountView } from '../../protocol/model';
import { installEnglishI18n } from '../testing/i18n';
import { account } from '../testing/seed';
import { draftFromAccount, emptyDraft, validateDraft } from './account-draft';
import { AccountForm } from './AccountForm';
import { AccountsList } from './AccountsList';
import { oauthSettings } from './oauth-settings';

const SIGN_IN_ID = '0123456789abcdef0123456789abcdef';
const AUTH_URL = 'http://127.0.0.1:9/authorize?state=x';

beforeEach(() => {
  fakeBrowser.reset();
  installEnglishI18n();
});
afterEach(() => setBackgroundConnector(undefined));

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

function tabsOpened(): string[] {
  const opened: string[] = [];
  fakeBrowser.tabs.onCreated.addListener((tab) => void opened.push(tab.url ?? ''));
  return opened;
}

describe('oauthSettings', () => {
  it("takes the provider's servers unless the user named one, and never a password", () => {
    const d = { ...emptyDraft(), email: 'ann@gmail.com' };
    expect(oauthSettings(d, 'google')).toMatchObject({
      type: 'imap',
      host: 'imap.gmail.com',
      port: 993,
      security: 'tls',
      user: 'ann@gmail.com',
      label: 'ann@gmail.com',
      auth: 'oauth2',
      oauthProvider: 'google',
    });
    expect(oauthSettings({ ...d, type: 'pop3' }, 'microsoft', 'my-app')).toMatchObject({
      host: 'outlook.office365.com',
      port: 995,
      oauthClientId: 'my-app',
    });
    const own = oauthSettings({ ...d, host: '127.0.0.1', port: '1143', security: 'none' }, 'google');
    expect(own).toMatchObject({ host: '127.0.0.1', port: 1143, security: 'none' });
  });
});

describe('Sign in with a provider on the options page', () => {
  it('suggests Google for a Gmail address, opens the tab, waits and hands back the account', async () => {
    const starts: RuntimeParams<'oauth.start'>[] = [];
    let waits = 0;
    const added: AccountView = account('g1', { label: 'ann@gmail.com', user: 'ann@gmail.com', auth: 'oauth2' });
    setBackgroundConnector(
      createMockConnector({
        'oauth.start': (p) => (
          starts.push(p),
          { signInId: SIGN_IN_ID, provider: 'google', authorizationUrl: AUTH_URL, expiresInSec: 300 }
        ),
        'oauth.wait': () => (++waits < 2 ? { status: 'pending' } : { status: 'done', account: added }),
      }),
    );
    const opened = tabsOpened();
    const saved: AccountView[] = [];
    render(<AccountForm onSaved={(a) => saved.push(a)} onCancel={() => undefined} />);
    type('Email address', 'ann@gmail.com');
    expect(screen.getByText(/This address is at Google/)).toBeTruthy();
    const buttons = screen.getAllByRole('button', { name: /^Sign in with/ });
    expect(buttons.map((b) => b.textContent)).toEqual(['Sign in with Google', 'Sign in with Microsoft']);
    expect(buttons[0].className).toContain('primary');
    fireEvent.click(buttons[0]);
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].id).toBe('g1');
    expect(opened).toEqual([AUTH_URL]);
    expect(waits).toBe(2);
    expect(starts[0]).toMatchObject({
      settings: { host: 'imap.gmail.com', user: 'ann@gmail.com', auth: 'oauth2', oauthProvider: 'google' },
    });
    expect(JSON.stringify(starts[0])).not.toMatch(/password/i);
  });

  it("shows the bridge's reason when the sign-in fails, and asks for an address first", async () => {
    setBackgroundConnector(
      createMockConnector({
        'oauth.start': () => ({
          signInId: SIGN_IN_ID,
          provider: 'microsoft',
          authorizationUrl: AUTH_URL,
          expiresInSec: 300,
        }),
        'oauth.wait': () =>
          Promise.reject(
            new RuntimeRequestError({
              code: 'SIGN_IN_FAILED',
              message: 'access was not granted at Microsoft',
              retryable: false,
            }),
          ),
      }),
    );
    render(<AccountForm onSaved={() => undefined} onCancel={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with Microsoft' }));
    expect(screen.getByText('Enter an address like name@example.org.')).toBeTruthy();
    type('Email address', 'bob@contoso.example');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with Microsoft' }));
    expect(await screen.findByText('Sign-in failed: access was not granted at Microsoft')).toBeTruthy();
  });

  it('cancelling a waiting sign-in tells the bridge', async () => {
    const cancelled: string[] = [];
    setBackgroundConnector(
      createMockConnector({
        'oauth.start': () => ({
          signInId: SIGN_IN_ID,
          provider: 'google',
          authorizationUrl: AUTH_URL,
          expiresInSec: 300,
        }),
        'oauth.wait': () => new Promise(() => {}),
        'oauth.cancel': ({ signInId }) => (cancelled.push(signInId), {}),
      }),
    );
    render(<AccountForm onSaved={() => undefined} onCancel={() => undefined} />);
    type('Email address', 'ann@gmail.com');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with Google' }));
    await screen.findByText(/Finish signing in in the tab/);
    const google = document.querySelector<HTMLElement>('.oauth-sign-in[data-provider="google"]')!;
    fireEvent.click(within(google).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(cancelled).toEqual([SIGN_IN_ID]));
  });

  it('an account that must sign in again has a "Sign in again" button in the list', async () => {
    const starts: RuntimeParams<'oauth.start'>[] = [];
    setBackgroundConnector(
      createMockConnector({
        'oauth.start': (p) => (
          starts.push(p),
          { signInId: SIGN_IN_ID, provider: 'microsoft', authorizationUrl: AUTH_URL, expiresInSec: 300 }
        ),
        'oauth.wait': () => new Promise(() => {}),
      }),
    );
    const a = account('m1', { auth: 'oauth2', oauthProvider: 'microsoft', state: 'signInRequired' });
    render(<AccountsList accounts={[a]} onEdit={() => undefined} onRemove={() => undefined} />);
    expect(screen.getByText('Sign-in required')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(starts).toEqual([{ accountId: 'm1' }]));
  });

  it('an iCloud address gets the app-password hint and its help link', () => {
    render(<AccountForm onSaved={() => undefined} onCancel={() => undefined} />);
    type('Email address', 'c@icloud.com');
    const link = screen.getByRole('link', { name: 'How to make one' });
    expect(link.getAttribute('href')).toBe('https://support.apple.com/en-us/102654');
    expect(screen.getByText(/app-specific password/)).toBeTruthy();
    expect(screen.getByText('Or sign in with a provider instead of a password:')).toBeTruthy();
  });

  it('an OAuth account is edited without a password field and tested with its stored tokens', async () => {
    const tests: RuntimeParams<'account.test'>[] = [];
    setBackgroundConnector(
      createMockConnector({
        'account.test': (p) => (
          tests.push(p),
          {
            certVerified: true,
            capabilities: ['IMAP4rev1'],
            folders: [{ path: 'INBOX' }],
            authMechanism: 'OAUTHBEARER',
          }
        ),
      }),
    );
    const a = account('g2', { user: 'ann@gmail.com', host: 'imap.gmail.com', auth: 'oauth2', oauthProvider: 'google' });
    render(<AccountForm account={a} onSaved={() => undefined} onCancel={() => undefined} />);
    expect(screen.queryByLabelText('Password')).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign in again' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in with Google' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const report = await screen.findByTestId('connection-report');
    expect(tests).toEqual([{ accountId: 'g2' }]);
    expect(within(report).getByText('OAUTHBEARER')).toBeTruthy();
  });

  it('refuses to move an OAuth account to another server, and says why', () => {
    const a = account('g3', { user: 'ann@gmail.com', host: 'imap.gmail.com', auth: 'oauth2', oauthProvider: 'google' });
    const draft = { ...draftFromAccount(a), host: 'imap.evil.example' };
    expect(validateDraft(draft, { isNew: false, saved: a })).toEqual({ host: 'errorOAuthTarget' });
    expect(validateDraft(draftFromAccount(a), { isNew: false, saved: a })).toEqual({});
  });
});
