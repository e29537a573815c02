import { describe, expect, it } from 'vitest';
import { detectProvider, presetCandidates } from './provider-detect';

const noMx = async () => {
  throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
};

describe('known providers in autodetect', () => {
  it('finds Gmail by its domain without asking DNS, and offers OAuth', async () => {
    let asked = 0;
    const found = await detectProvider('ann@gmail.com', async () => {
      asked++;
      return [];
    });
    expect(asked).toBe(0);
    expect(found?.provider).toEqual({ id: 'google', name: 'Google', oauth: 'google', via: 'domain' });
    expect(presetCandidates(found!.preset, 'ann@gmail.com')[0].settings).toEqual({
      type: 'imap',
      host: 'imap.gmail.com',
      port: 993,
      security: 'tls',
      user: 'ann@gmail.com',
      auth: 'oauth2',
      oauthProvider: 'google',
    });
  });

  it('finds a Microsoft 365 domain by its best MX host', async () => {
    const found = await detectProvider('bob@contoso.example', async () => [
      { exchange: 'backup.contoso.example', priority: 20 },
      { exchange: 'contoso-example.mail.protection.outlook.com', priority: 10 },
    ]);
    expect(found?.provider).toMatchObject({ id: 'microsoft', oauth: 'microsoft', via: 'mx' });
  });

  it('app-password providers get no OAuth; unknown domains nothing', async () => {
    const icloud = await detectProvider('c@icloud.com', noMx);
    expect(icloud?.provider.oauth).toBeUndefined();
    expect(presetCandidates(icloud!.preset, 'c@icloud.com')[0].settings.auth).toBeUndefined();
    expect(await detectProvider('d@example.org', noMx)).toBeUndefined();
  });

  it('gives up on a slow MX lookup', async () => {
    const never = () => new Promise<never>(() => {});
    expect(await detectProvider('e@example.org', never, 50)).toBeUndefined();
  });
});
