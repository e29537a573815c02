/**
 * The mail providers Mailglance knows by name, in one table: their IMAP, POP3 and SMTP servers,
 * how to sign in (OAuth 2.0 for Google and Microsoft, an app password elsewhere), and how to
 * recognise them from an address (its domain, or the domain's MX hosts for custom domains hosted
 * there). The options page, the bridge's autodetect and its OAuth sign-in all read this table;
 * docs/oauth.md explains the OAuth entries.
 */

export type OAuthProviderId = 'google' | 'microsoft';
export const OAUTH_PROVIDER_IDS = ['google', 'microsoft'] as const;

export interface ServerPreset {
  host: string;
  port: number;
  security: 'tls' | 'starttls';
}

export interface OAuthPreset {
  authorizeUrl: string;
  tokenUrl: string;
  /** Scopes asked for, space-joined in the request (RFC 6749 §3.3). */
  scopes: readonly string[];
  /** Extra authorization parameters the provider needs to hand out a refresh token. */
  extraAuthParams: Readonly<Record<string, string>>;
  /** The `iss` authorization response parameter (RFC 9207) when the provider sends one. */
  issuer?: string;
}

export interface ProviderPreset {
  id: string;
  name: string;
  /** Address domains that belong to the provider. */
  domains: readonly string[];
  /** A custom domain whose MX host ends with one of these is hosted here. */
  mxSuffixes: readonly string[];
  imap: ServerPreset;
  pop3?: ServerPreset;
  smtp: ServerPreset;
  oauth?: OAuthPreset & { provider: OAuthProviderId };
  /** For providers that take an app password: a one-line hint and where to make one. */
  appPassword?: { hint: string; helpUrl: string };
}

const tls = (host: string, port: number): ServerPreset => ({ host, port, security: 'tls' });
const starttls = (host: string, port: number): ServerPreset => ({ host, port, security: 'starttls' });

export const PROVIDERS: readonly ProviderPreset[] = [
  {
    id: 'google',
    name: 'Google',
    domains: ['gmail.com', 'googlemail.com'],
    mxSuffixes: ['google.com', 'googlemail.com'],
    imap: tls('imap.gmail.com', 993),
    pop3: tls('pop.gmail.com', 995),
    smtp: tls('smtp.gmail.com', 465),
    oauth: {
      provider: 'google',
      authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      scopes: ['https://mail.google.com/'],
      // Without both, Google returns a refresh token only on the first consent.
      extraAuthParams: { access_type: 'offline', prompt: 'consent' },
      issuer: 'https://accounts.google.com',
    },
  },
  {
    id: 'microsoft',
    name: 'Microsoft',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'hotmail.*', 'live.*', 'outlook.*'],
    mxSuffixes: ['mail.protection.outlook.com'],
    imap: tls('outlook.office365.com', 993),
    pop3: tls('outlook.office365.com', 995),
    smtp: starttls('smtp.office365.com', 587),
    oauth: {
      provider: 'microsoft',
      authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
      tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      scopes: [
        'https://outlook.office.com/IMAP.AccessAsUser.All',
        'https://outlook.office.com/POP.AccessAsUser.All',
        'https://outlook.office.com/SMTP.Send',
        'offline_access',
      ],
      extraAuthParams: {},
    },
  },
  appPasswordProvider('icloud', 'iCloud', ['icloud.com', 'me.com', 'mac.com'], ['mail.icloud.com'], {
    imap: tls('imap.mail.me.com', 993),
    smtp: starttls('smtp.mail.me.com', 587),
    hint: 'Make an app-specific password at account.apple.com and use it here.',
    helpUrl: 'https://support.apple.com/en-us/102654',
  }),
  appPasswordProvider('yahoo', 'Yahoo', ['yahoo.com', 'ymail.com', 'yahoo.*'], ['yahoodns.net'], {
    imap: tls('imap.mail.yahoo.com', 993),
    pop3: tls('pop.mail.yahoo.com', 995),
    smtp: tls('smtp.mail.yahoo.com', 465),
    hint: 'Generate an app password under Account security and use it here.',
    helpUrl: 'https://help.yahoo.com/kb/SLN15241.html',
  }),
  appPasswordProvider('aol', 'AOL', ['aol.com'], [], {
    imap: tls('imap.aol.com', 993),
    pop3: tls('pop.aol.com', 995),
    smtp: tls('smtp.aol.com', 465),
    hint: 'Generate an app password under Account security and use it here.',
    helpUrl: 'https://help.aol.com/articles/Create-and-manage-app-password',
  }),
  appPasswordProvider('fastmail', 'Fastmail', ['fastmail.com', 'fastmail.fm'], ['messagingengine.com'], {
    imap: tls('imap.fastmail.com', 993),
    pop3: tls('pop.fastmail.com', 995),
    smtp: tls('smtp.fastmail.com', 465),
    hint: 'Create an app password (IMAP/POP/SMTP access) under Settings → Privacy & Security.',
    helpUrl: 'https://www.fastmail.help/hc/en-us/articles/360058752854',
  }),
  appPasswordProvider('gmx', 'GMX', ['gmx.net', 'gmx.de', 'gmx.com', 'gmx.at', 'gmx.ch'], ['gmx.net'], {
    imap: tls('imap.gmx.net', 993),
    pop3: tls('pop.gmx.net', 995),
    smtp: starttls('mail.gmx.net', 587),
    hint: 'Turn on "POP3/IMAP access" in the GMX settings, then use your password.',
    helpUrl: 'https://support.gmx.com/pop-imap/toggle.html',
  }),
  appPasswordProvider('webde', 'WEB.DE', ['web.de'], ['web.de'], {
    imap: tls('imap.web.de', 993),
    pop3: tls('pop3.web.de', 995),
    smtp: starttls('smtp.web.de', 587),
    hint: 'Turn on "POP3/IMAP access" in the WEB.DE settings, then use your password.',
    helpUrl: 'https://hilfe.web.de/pop-imap/einschalten.html',
  }),
  appPasswordProvider('zoho', 'Zoho', ['zoho.com', 'zohomail.com'], ['zoho.com', 'zohomail.com'], {
    imap: tls('imap.zoho.com', 993),
    pop3: tls('pop.zoho.com', 995),
    smtp: tls('smtp.zoho.com', 465),
    hint: 'With two-factor sign-in on, generate an application-specific password.',
    helpUrl: 'https://www.zoho.com/mail/help/adminconsole/two-factor-authentication.html',
  }),
  appPasswordProvider('yandex', 'Yandex', ['yandex.com', 'yandex.ru', 'ya.ru'], ['yandex.net', 'yandex.ru'], {
    imap: tls('imap.yandex.com', 993),
    pop3: tls('pop.yandex.com', 995),
    smtp: tls('smtp.yandex.com', 465),
    hint: 'Create an app password for "Mail" in your Yandex ID settings.',
    helpUrl: 'https://yandex.com/support/id/authorization/app-passwords.html',
  }),
];

function appPasswordProvider(
  id: string,
  name: string,
  domains: string[],
  mxSuffixes: string[],
  p: { imap: ServerPreset; pop3?: ServerPreset; smtp: ServerPreset; hint: string; helpUrl: string },
): ProviderPreset {
  return {
    id,
    name,
    domains,
    mxSuffixes,
    imap: p.imap,
    pop3: p.pop3,
    smtp: p.smtp,
    appPassword: { hint: p.hint, helpUrl: p.helpUrl },
  };
}

const clean = (s: string) => s.trim().toLowerCase().replace(/\.$/, '');

/** `hotmail.*` matches `hotmail.de` and `hotmail.co.uk`, never `hotmail.evil.example` with a longer tail. */
function domainMatches(pattern: string, domain: string): boolean {
  if (!pattern.endsWith('.*')) return pattern === domain;
  const stem = pattern.slice(0, -1);
  return domain.startsWith(stem) && /^[a-z]{2,3}(\.[a-z]{2})?$/.test(domain.slice(stem.length));
}

/** The domain of an address, lower case; undefined without an `@`. */
export function addressDomain(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at < 0 ? undefined : clean(address.slice(at + 1)) || undefined;
}

/** The provider an address belongs to by its domain alone. */
export function providerForAddress(address: string): ProviderPreset | undefined {
  const domain = addressDomain(address);
  if (!domain) return undefined;
  return PROVIDERS.find((p) => p.domains.some((d) => domainMatches(d, domain)));
}

/** The provider hosting a custom domain, from its MX host names (`aspmx.l.google.com`, ...). */
export function providerForMx(mxHosts: readonly string[]): ProviderPreset | undefined {
  for (const raw of mxHosts) {
    const host = clean(raw);
    const found = PROVIDERS.find((p) => p.mxSuffixes.some((s) => host === s || host.endsWith(`.${s}`)));
    if (found) return found;
  }
  return undefined;
}

/** The provider with OAuth sign-in for `id`. */
export function oauthProvider(id: OAuthProviderId): ProviderPreset & { oauth: NonNullable<ProviderPreset['oauth']> } {
  const found = PROVIDERS.find((p) => p.oauth?.provider === id);
  if (!found?.oauth) throw new Error(`no OAuth provider "${id}"`);
  return found as ProviderPreset & { oauth: NonNullable<ProviderPreset['oauth']> };
}
