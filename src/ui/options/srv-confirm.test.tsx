import '../testing/dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, setBackgroundConnector } from '../../messaging/client';
import { installEnglishI18n } from '../testing/i18n';
import { AccountForm } from './AccountForm';

beforeEach(() => {
  fakeBrowser.reset();
  installEnglishI18n();
  setBackgroundConnector(
    createMockConnector({
      'account.autodetect': ({ email }) => ({
        candidates: [
          {
            settings: { type: 'imap', host: 'imap.elsewhere.example', port: 993, security: 'tls', user: email },
            source: 'SRV _imaps._tcp.example.org',
            outsideDomain: true,
          },
        ],
      }),
    }),
  );
});
afterEach(() => setBackgroundConnector(undefined));

const server = () => (screen.getByLabelText('Server') as HTMLInputElement).value;

async function detect(): Promise<HTMLElement> {
  render(<AccountForm onSaved={() => undefined} onCancel={() => undefined} />);
  fireEvent.input(screen.getByLabelText('Email address'), { target: { value: 'me@example.org' } });
  fireEvent.click(screen.getByRole('button', { name: 'Detect settings' }));
  return screen.findByTestId('srv-outside-domain');
}

describe('autodetect with an SRV target outside the domain', () => {
  it('asks before applying it, and applies it when the user confirms', async () => {
    const ask = await detect();
    expect(ask.textContent).toContain('example.org');
    expect(ask.textContent).toContain('imap.elsewhere.example:993');
    expect(server()).toBe(''); // nothing applied yet
    fireEvent.click(screen.getByRole('button', { name: 'Use imap.elsewhere.example' }));
    await waitFor(() => expect(server()).toBe('imap.elsewhere.example'));
    expect(screen.queryByTestId('srv-outside-domain')).toBeNull();
  });

  it('leaves the form alone when the user declines', async () => {
    await detect();
    fireEvent.click(screen.getByRole('button', { name: 'Do not use it' }));
    expect(screen.queryByTestId('srv-outside-domain')).toBeNull();
    expect(server()).toBe('');
  });
});
