import '../testing/dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, setBackgroundConnector } from '../../messaging/client';
import { installEnglishI18n } from '../testing/i18n';
import { account, seedDb } from '../testing/seed';
import { OptionsApp } from './App';
import { storeOptionsSource } from './options-source';
import { DEFAULT_SETTINGS } from '../../store/settings';

beforeEach(async () => {
  fakeBrowser.reset();
  installEnglishI18n();
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

describe('options page', () => {
  it('lists accounts with state, removes one after confirmation, runs doctor, saves global settings', async () => {
    const db = await seedDb([account('work', { state: 'authFailed' }), account('home')], []);
    const calls: unknown[] = [];
    setBackgroundConnector(
      createMockConnector({
        'account.remove': (p) => (calls.push(p), {}),
        doctor: () => ({
          nodeVersion: 'v20.20.0',
          bridgeVersion: '0.1.0',
          configDir: '/home/u/.config/mailglance',
          secretStore: 'file',
          browsers: [
            { browser: 'chromium', registered: true, path: '/x.json' },
            {
              browser: 'firefox',
              registered: false,
              path: '/y.json',
              status: 'launcher-missing',
              problems: ['the launcher /gone/mailglance-bridge is missing'],
            },
          ],
        }),
        'settings.update': (p) => (calls.push(p), { ...DEFAULT_SETTINGS, notifications: false }),
      }),
    );
    render(<OptionsApp source={storeOptionsSource(() => Promise.resolve(db))} />);
    const list = await screen.findByRole('list', { name: 'Accounts' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByText('Sign-in failed')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Remove WORK' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove account' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(calls).toEqual([{ accountId: 'work' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Run diagnostics' }));
    const report = await screen.findByTestId('doctor-report');
    expect(report.textContent).toContain('/home/u/.config/mailglance');
    expect(within(report).getByText('the launcher /gone/mailglance-bridge is missing')).toBeTruthy();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Show notifications' }));
    await waitFor(() => expect(calls).toContainEqual({ notifications: false }));

    fireEvent.click(screen.getByRole('button', { name: 'Add an account' }));
    expect(screen.getByRole('form', { name: 'New account' })).toBeTruthy();
  });
});
