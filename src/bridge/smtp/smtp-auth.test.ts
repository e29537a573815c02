import { describe, expect, it } from 'vitest';
import { smtpAuth, xoauth2Response } from './smtp-auth';

describe('smtpAuth', () => {
  it('logs in with user and password for a password account', async () => {
    expect(await smtpAuth('alice', 'pw')).toEqual({ user: 'alice', pass: 'pw' });
  });

  it('gives an OAuth account an XOAUTH2 token generator, never a password', async () => {
    const tokens = ['tok-1', 'tok-2'];
    const source = { kind: 'oauth2' as const, accessToken: async () => tokens.shift()!, renewAt: () => undefined };
    const auth = (await smtpAuth('alice@example.test', source)) as unknown as {
      pass?: string;
      oauth2: {
        getToken(renew: boolean, done: (e: Error | null, t?: string) => void): void;
        buildXOAuth2Token(t: string): string;
      };
    };
    expect(auth.pass).toBeUndefined();
    const get = (renew: boolean) => new Promise((r) => auth.oauth2.getToken(renew, (_e, t) => r(t)));
    expect(await get(false)).toBe('tok-1');
    expect(await get(true)).toBe('tok-2'); // a refused token asks the source again
    expect(Buffer.from(auth.oauth2.buildXOAuth2Token('tok-2'), 'base64').toString()).toBe(
      'user=alice@example.test\x01auth=Bearer tok-2\x01\x01',
    );
    expect(xoauth2Response('a', 'b')).toBe(Buffer.from('user=a\x01auth=Bearer b\x01\x01').toString('base64'));
  });
});
