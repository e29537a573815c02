import { describe, expect, it } from 'vitest';
import { addressDomain, oauthProvider, PROVIDERS, providerForAddress, providerForMx } from './providers';

describe('provider presets', () => {
  it('knows Google and Microsoft addresses by their domain', () => {
    expect(providerForAddress('someone@gmail.com')?.oauth?.provider).toBe('google');
    expect(providerForAddress('Someone@GoogleMail.com')?.oauth?.provider).toBe('google');
    expect(providerForAddress('a@outlook.com')?.oauth?.provider).toBe('microsoft');
    expect(providerForAddress('a@hotmail.de')?.oauth?.provider).toBe('microsoft');
    expect(providerForAddress('a@hotmail.co.uk')?.oauth?.provider).toBe('microsoft');
    expect(providerForAddress('a@live.fr')?.oauth?.provider).toBe('microsoft');
  });

  it('does not take a look-alike domain for a provider', () => {
    expect(providerForAddress('a@hotmail.evil.example')).toBeUndefined();
    expect(providerForAddress('a@notgmail.com')).toBeUndefined();
    expect(providerForAddress('no-at-sign')).toBeUndefined();
  });

  it('recognises custom domains hosted there by their MX hosts', () => {
    expect(providerForMx(['aspmx.l.google.com.', 'alt1.aspmx.l.google.com'])?.id).toBe('google');
    expect(providerForMx(['example-org.mail.protection.outlook.com'])?.id).toBe('microsoft');
    expect(providerForMx(['mx.example.org'])).toBeUndefined();
    expect(providerForMx(['google.com.evil.example'])).toBeUndefined();
  });

  it('has app-password hints and help links for the providers without OAuth', () => {
    for (const id of ['icloud', 'yahoo', 'aol', 'fastmail', 'gmx', 'webde', 'zoho', 'yandex']) {
      const p = PROVIDERS.find((x) => x.id === id);
      expect(p?.appPassword?.helpUrl).toMatch(/^https:\/\//);
      expect(p?.appPassword?.hint.length).toBeGreaterThan(10);
    }
  });

  it('names the OAuth endpoints and scopes of both providers', () => {
    expect(oauthProvider('google').oauth).toMatchObject({
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scopes: ['https://mail.google.com/'],
      extraAuthParams: { access_type: 'offline', prompt: 'consent' },
    });
    expect(oauthProvider('microsoft').oauth.scopes).toContain('offline_access');
    expect(oauthProvider('microsoft').oauth.scopes).toContain('https://outlook.office.com/POP.AccessAsUser.All');
    expect(addressDomain('x@Example.ORG.')).toBe('example.org');
  });
});
