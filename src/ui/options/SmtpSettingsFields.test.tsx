import '../testing/dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, setBackgroundConnector } from '../../messaging/client';
import type { RuntimeParams } from '../../messaging/map';
import { installEnglishI18n } from '../testing/i18n';
import { account } from '../testing/seed';
import { AccountForm } from './AccountForm';
import { emptySmtpDraft, smtpToSettings, validateSmtp } from './smtp-draft';

beforeEach(() => {
  fakeBrowser.reset();
  installEnglishI18n();
});
afterEach(() => setBackgroundConnector(undefined));

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('SMTP settings', () => {
  it('leaves empty fields to the defaults and checks what is given', () => {
    expect(smtpToSettings(emptySmtpDraft(), false)).toEqual({ sentCopy: 'auto' });
    expect(smtpToSettings(emptySmtpDraft(), true)).toEqual({ smtp: {}, sentCopy: 'auto' });
    expect(validateSmtp({ ...emptySmtpDraft(), port: '0', address: 'me' }, 'imap.example.org')).toEqual({
      port: 'errorPort',
      address: 'errorEmail',
    });
    // Plain text only to loopback, for SMTP as for IMAP and POP3.
    expect(validateSmtp({ ...emptySmtpDraft(), security: 'none' }, 'imap.example.org')).toEqual({
      security: 'errorInsecure',
    });
    expect(validateSmtp({ ...emptySmtpDraft(), security: 'none', host: '127.0.0.1' }, 'x')).toEqual({});
  });

  it('saves the SMTP server with a separate password, and asks for a password when the server moves', async () => {
    const updates: RuntimeParams<'account.update'>[] = [];
    setBackgroundConnector(
      createMockConnector({
        'account.update': (p) => (updates.push(p), { account: account('a1') }),
      }),
    );
    render(
      <AccountForm account={account('a1', { host: 'imap.example.org' })} onSaved={() => {}} onCancel={() => {}} />,
    );
    expect(screen.getByLabelText('SMTP server').getAttribute('placeholder')).toBe('smtp.example.org');
    type('SMTP server', 'out.example.org');
    type('SMTP port', '465');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    // The stored password would go to another server: it must be typed again (either one).
    await screen.findByText(/password again/i);
    expect(updates).toHaveLength(0);
    type('SMTP password (if different)', 'smtp-secret');
    fireEvent.change(screen.getByLabelText('Save a copy in Sent'), { target: { value: 'never' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(updates).toHaveLength(1));
    expect(updates[0]).toMatchObject({
      settings: { smtp: { host: 'out.example.org', port: 465 }, sentCopy: 'never' },
      smtpPassword: 'smtp-secret',
    });
    expect(updates[0]!.password).toBeUndefined();
  });
});
