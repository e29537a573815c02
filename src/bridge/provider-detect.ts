/**
 * Known providers before SRV and guessing (src/protocol/rules/providers.ts): an address at
 * gmail.com or outlook.com is recognised by its domain; a custom domain hosted at Google or
 * Microsoft 365 by its MX hosts (RFC 5321 §5.1), looked up with a time limit.
 */
import { promises as dns } from 'node:dns';
import type { AutodetectCandidate, AutodetectProvider } from '../protocol';
import { addressDomain, providerForAddress, providerForMx, type ProviderPreset } from '../protocol/rules/providers';

export type ResolveMx = (domain: string) => Promise<{ exchange: string; priority: number }[]>;

/** The provider of `email` and how it was found, or undefined. */
export async function detectProvider(
  email: string,
  resolveMx: ResolveMx = (d) => dns.resolveMx(d),
  timeoutMs = 3000,
): Promise<{ preset: ProviderPreset; provider: AutodetectProvider } | undefined> {
  const describe = (preset: ProviderPreset, via: 'domain' | 'mx') => ({
    preset,
    provider: { id: preset.id, name: preset.name, oauth: preset.oauth?.provider, via },
  });
  const byDomain = providerForAddress(email);
  if (byDomain) return describe(byDomain, 'domain');
  const domain = addressDomain(email);
  if (!domain) return undefined;
  const records = await Promise.race([
    resolveMx(domain).catch(() => []),
    new Promise<[]>((resolve) => setTimeout(() => resolve([]), timeoutMs).unref()),
  ]);
  const byMx = providerForMx([...records].sort((a, b) => a.priority - b.priority).map((r) => r.exchange));
  return byMx ? describe(byMx, 'mx') : undefined;
}

/** The provider's IMAP (then POP3) servers as candidates; OAuth providers' sign in with OAuth. */
export function presetCandidates(preset: ProviderPreset, email: string): AutodetectCandidate[] {
  const auth = preset.oauth ? { auth: 'oauth2' as const, oauthProvider: preset.oauth.provider } : {};
  const servers = [
    { type: 'imap' as const, server: preset.imap },
    ...(preset.pop3 ? [{ type: 'pop3' as const, server: preset.pop3 }] : []),
  ];
  return servers.map(({ type, server }) => ({
    settings: { type, host: server.host, port: server.port, security: server.security, user: email, ...auth },
    source: `${preset.name} (known provider)`,
    outsideDomain: false,
  }));
}
