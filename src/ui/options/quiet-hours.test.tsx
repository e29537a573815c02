import '../testing/dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockConnector, setBackgroundConnector } from '../../messaging/client';
import { DEFAULT_SETTINGS, type SettingsPatch } from '../../store/settings';
import { installEnglishI18n } from '../testing/i18n';
import { account } from '../testing/seed';
import { GlobalSettings } from './GlobalSettings';

beforeEach(() => installEnglishI18n());
afterEach(() => setBackgroundConnector(undefined));

describe('quiet hours on the options page', () => {
  it('saves the global window and one account window of its own', async () => {
    const patches: SettingsPatch[] = [];
    setBackgroundConnector(
      createMockConnector({ 'settings.update': (p) => (patches.push(p), { ...DEFAULT_SETTINGS, ...p }) as never }),
    );
    render(<GlobalSettings settings={DEFAULT_SETTINGS} accounts={[account('work'), account('home')]} />);
    const global = screen.getByRole('group', { name: 'Quiet hours (all accounts)' });
    fireEvent.click(global.querySelector('input[type="checkbox"]')!);
    await waitFor(() => expect(patches).toEqual([{ quietHours: { enabled: true, start: '22:00', end: '07:00' } }]));
    fireEvent.change(screen.getAllByLabelText('until')[0]!, { target: { value: '06:30' } });
    await waitFor(() =>
      expect(patches.at(-1)).toEqual({ quietHours: { enabled: true, start: '22:00', end: '06:30' } }),
    );

    const work = screen.getByRole('group', { name: 'Quiet hours for WORK' });
    fireEvent.click(work.querySelector('input[type="checkbox"]')!);
    await waitFor(() =>
      expect(patches.at(-1)).toEqual({
        accountQuietHours: { work: { enabled: true, start: '22:00', end: '07:00' } },
      }),
    );
  });

  it('per account: its sound, and watched folders that count but do not notify', async () => {
    const patches: SettingsPatch[] = [];
    setBackgroundConnector(
      createMockConnector({ 'settings.update': (p) => (patches.push(p), { ...DEFAULT_SETTINGS, ...p }) as never }),
    );
    render(
      <GlobalSettings
        settings={{ ...DEFAULT_SETTINGS, sound: true }}
        accounts={[account('home', { watchedFolders: ['INBOX', 'Newsletters'] })]}
      />,
    );
    const home = screen.getByRole('group', { name: 'Notifications for HOME' });
    const sound = within(home).getByLabelText('Play a sound for this account’s new mail') as HTMLInputElement;
    expect(sound.checked).toBe(true); // the global switch until the account has its own
    fireEvent.click(sound);
    await waitFor(() => expect(patches.at(-1)).toEqual({ accountNotify: { home: { sound: false } } }));
    fireEvent.click(within(home).getByLabelText('Notify for new mail in Newsletters (it is counted either way)'));
    await waitFor(() =>
      expect(patches.at(-1)).toEqual({ accountNotify: { home: { sound: false, quietFolders: ['Newsletters'] } } }),
    );
    fireEvent.change(within(home).getByLabelText('Sound for this account'), { target: { value: 'bell' } });
    await waitFor(() =>
      expect(patches.at(-1)).toEqual({
        accountNotify: { home: { sound: false, quietFolders: ['Newsletters'], soundName: 'bell' } },
      }),
    );
    fireEvent.change(screen.getByLabelText('Sound'), { target: { value: 'drop' } });
    await waitFor(() => expect(patches.at(-1)).toEqual({ soundName: 'drop' }));
  });
});
