import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { oauthEndpoints } from './oauth-clients';
import { authorizationUrl } from './authorization-url';
import { codeChallengeS256, makeCodeVerifier, makeState, stateMatches } from './pkce';

describe('PKCE and state', () => {
  it('makes a verifier RFC 7636 §4.1 allows, fresh each time', () => {
    const a = makeCodeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(makeCodeVerifier()).not.toBe(a);
  });

  it('computes the S256 challenge of RFC 7636 Appendix B', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const v = makeCodeVerifier();
    expect(codeChallengeS256(v)).toBe(createHash('sha256').update(v).digest('base64url'));
  });

  it('matches only the exact state', () => {
    const s = makeState();
    expect(stateMatches(s, s)).toBe(true);
    expect(stateMatches(s, `${s}x`)).toBe(false);
    expect(stateMatches(s, s.slice(1))).toBe(false);
    expect(stateMatches(s, null)).toBe(false);
    expect(stateMatches(s, makeState())).toBe(false);
  });
});

describe('authorization URL', () => {
  const base = {
    clientId: 'cid',
    redirectUri: 'http://localhost:5123/oauth/callback',
    state: 'st',
    codeChallenge: 'ch',
    loginHint: 'a@gmail.com',
  };

  it('asks Google for a code with PKCE, offline access and consent', () => {
    const url = new URL(authorizationUrl({ ...base, endpoints: oauthEndpoints('google', {}) }));
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'http://localhost:5123/oauth/callback',
      scope: 'https://mail.google.com/',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      login_hint: 'a@gmail.com',
      access_type: 'offline',
      prompt: 'consent',
    });
  });

  it('asks Microsoft for IMAP, POP, SMTP and offline access', () => {
    const url = new URL(authorizationUrl({ ...base, endpoints: oauthEndpoints('microsoft', {}) }));
    expect(url.searchParams.get('scope')).toBe(
      'https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/POP.AccessAsUser.All ' +
        'https://outlook.office.com/SMTP.Send offline_access',
    );
    expect(url.searchParams.get('access_type')).toBeNull();
  });

  it('takes a test server only on loopback', () => {
    const env = { MAILGLANCE_OAUTH_TEST_SERVER: 'http://127.0.0.1:9/' };
    expect(oauthEndpoints('google', env)).toMatchObject({
      authorizeUrl: 'http://127.0.0.1:9/authorize',
      tokenUrl: 'http://127.0.0.1:9/token',
    });
    expect(() => oauthEndpoints('google', { MAILGLANCE_OAUTH_TEST_SERVER: 'https://oauth.example.com' })).toThrow(
      /loopback/,
    );
  });
});
