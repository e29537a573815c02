import { describe, expect, it, vi } from 'vitest';
import { autodetect, type AutodetectDeps } from './autodetect';

function deps(
  srv: Record<string, { name: string; port: number; priority: number; weight: number }[]>,
  open: string[] = [],
): AutodetectDeps {
  return {
    resolveSrv: async (name) => {
      if (srv[name]) return srv[name];
      throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    },
    canConnect: async (host, port) => open.includes(`${host}:${port}`),
  };
}

describe('autodetect', () => {
  it('prefers RFC 6186 SRV records, ordered by priority, and skips "." targets', async () => {
    const out = await autodetect(
      'ann@example.org',
      deps({
        '_imaps._tcp.example.org': [
          { name: 'backup.example.org', port: 993, priority: 20, weight: 0 },
          { name: 'mx.example.org', port: 993, priority: 10, weight: 0 },
        ],
        '_pop3._tcp.example.org': [{ name: '.', port: 0, priority: 0, weight: 0 }],
      }),
    );
    expect(out.map((c) => c.settings.host)).toEqual(['mx.example.org', 'backup.example.org']);
    expect(out[0].settings).toMatchObject({ type: 'imap', security: 'tls', user: 'ann@example.org' });
  });

  it('flags an SRV target outside the address domain (RFC 6186 §6), not one inside it', async () => {
    const out = await autodetect(
      'ann@example.org',
      deps({
        '_imaps._tcp.example.org': [
          { name: 'imap.example.org', port: 993, priority: 10, weight: 0 },
          { name: 'EXAMPLE.ORG', port: 993, priority: 20, weight: 0 },
          { name: 'imap.mail-host.example', port: 993, priority: 30, weight: 0 },
          { name: 'evilexample.org', port: 993, priority: 40, weight: 0 },
          { name: 'example.org.evil.example', port: 993, priority: 50, weight: 0 },
        ],
      }),
    );
    expect(out.map((c) => [c.settings.host, c.outsideDomain])).toEqual([
      ['imap.example.org', false],
      ['EXAMPLE.ORG', false],
      ['imap.mail-host.example', true],
      ['evilexample.org', true],
      ['example.org.evil.example', true],
    ]);
  });

  it('bounds the SRV records used per service', async () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      name: `m${i}.example.org`,
      port: 993,
      priority: i,
      weight: 0,
    }));
    const out = await autodetect('ann@example.org', deps({ '_imaps._tcp.example.org': many }));
    expect(out.length).toBeLessThanOrEqual(8);
    expect(out[0]!.settings.host).toBe('m0.example.org');
  });

  it('falls back to common host names that answer', async () => {
    const out = await autodetect('ann@example.org', deps({}, ['imap.example.org:993', 'pop.example.org:995']));
    expect(out.map((c) => `${c.settings.type} ${c.settings.host}:${c.settings.port}`)).toEqual([
      'imap imap.example.org:993',
      'pop3 pop.example.org:995',
    ]);
  });

  it('tries STARTTLS on 143 and 110 for mail.<domain> and pop3.<domain> when TLS ports are closed', async () => {
    const out = await autodetect('ann@example.org', deps({}, ['mail.example.org:143', 'pop3.example.org:110']));
    expect(out.map((c) => `${c.settings.type} ${c.settings.host}:${c.settings.port} ${c.settings.security}`)).toEqual([
      'imap mail.example.org:143 starttls',
      'pop3 pop3.example.org:110 starttls',
    ]);
  });

  it('bounds slow probes in time: the SRV look-ups, then the guesses, each within the timeout', async () => {
    vi.useFakeTimers();
    try {
      const slow: AutodetectDeps = {
        resolveSrv: () => new Promise(() => {}),
        canConnect: () => new Promise(() => {}),
      };
      let result: unknown;
      void autodetect('a@b.example', slow, 3_000).then((r) => (result = r));
      await vi.advanceTimersByTimeAsync(2_999);
      expect(result).toBeUndefined(); // still waiting for the SRV answers
      await vi.advanceTimersByTimeAsync(1 + 3_099);
      expect(result).toBeUndefined(); // the guesses get the timeout plus 100 ms
      await vi.advanceTimersByTimeAsync(1);
      expect(result).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
