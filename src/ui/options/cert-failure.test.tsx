import '../testing/dom';
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createMockConnector, RuntimeRequestError, setBackgroundConnector } from '../../messaging/client';
import type { TlsFailure } from '../../protocol/tls-failure';
import { installEnglishI18n } from '../testing/i18n';
import { AccountForm } from './AccountForm';

const FP = Array.from({ length: 32 }, (_, i) => (i * 5).toString(16).padStart(2, '0').toUpperCase()).join(':');

beforeEach(() => {
  fakeBrowser.reset();
  installEnglishI18n();
});
afterEach(() => setBackgroundConnector(undefined));

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

/** Fills the form and runs "Test connection" against a bridge that fails with `tls`. */
async function testFailingWith(tls: TlsFailure | undefined): Promise<void> {
  setBackgroundConnector(
    createMockConnector({
      'account.test': () => {
        throw new RuntimeRequestError({
          code: 'TLS_UNTRUSTED',
          message: `certificate not trusted; SHA-256 fingerprint ${FP}`,
          retryable: false,
          ...(tls ? { tls } : {}),
        });
      },
    }),
  );
  render(<AccountForm onSaved={() => undefined} onCancel={() => undefined} />);
  type('Server', 'imap.example.org');
  type('User name', 'me');
  type('Password', 'pw');
  fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
  await screen.findAllByRole('alert');
}

describe('certificate failures in the options page', () => {
  it('offers to pin a self-signed certificate and says to compare the fingerprint elsewhere', async () => {
    await testFailingWith({ problem: 'selfSigned', fingerprint: FP, reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const box = await screen.findByTestId('untrusted-certificate');
    expect(box.textContent).toContain(FP);
    expect(box.textContent).toMatch(/another channel/);
    expect(screen.getByRole('button', { name: 'Pin certificate' })).toBeTruthy();
  });

  it('offers it for an unknown issuer too', async () => {
    await testFailingWith({ problem: 'unknownIssuer', fingerprint: FP, reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(await screen.findByRole('button', { name: 'Pin certificate' })).toBeTruthy();
  });

  it('never offers to pin a CA certificate for the wrong host, and says why', async () => {
    await testFailingWith({ problem: 'hostMismatch', fingerprint: FP, reason: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(screen.queryByTestId('untrusted-certificate')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Pin certificate' })).toBeNull();
    expect(screen.getByText(/issued for a different host name/)).toBeTruthy();
  });

  it('never offers it for an expired certificate or when the bridge sent no class', async () => {
    await testFailingWith({ problem: 'expired', fingerprint: FP, reason: 'CERT_HAS_EXPIRED' });
    expect(screen.queryByRole('button', { name: 'Pin certificate' })).toBeNull();
    document.body.innerHTML = '';
    await testFailingWith(undefined);
    expect(screen.queryByRole('button', { name: 'Pin certificate' })).toBeNull();
  });
});
