import '../testing/dom';
import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { installEnglishI18n } from '../testing/i18n';
import { account } from '../testing/seed';
import { StatusBanners } from './StatusBanners';

beforeEach(() => {
  fakeBrowser.reset();
  installEnglishI18n();
});

describe('popup banner for an OAuth account that must sign in again', () => {
  it('names the account and leads to the sign-in on the options page', () => {
    const fixed: string[] = [];
    const a = account('g1', { label: 'Work Gmail', auth: 'oauth2', oauthProvider: 'google', state: 'signInRequired' });
    render(
      <StatusBanners
        bridge={undefined}
        accounts={[a]}
        mailboxes={[]}
        now={Date.now()}
        onFix={(id) => fixed.push(id)}
        onPurge={() => undefined}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Work Gmail needs you to sign in again.');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(fixed).toEqual(['g1']);
  });
});
