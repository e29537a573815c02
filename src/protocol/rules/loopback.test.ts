import { BlockList, isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, plainTextAllowed } from './loopback';

const yes = [
  'localhost',
  'LocalHost',
  ' localhost ',
  '127.0.0.1',
  '127.1.2.3',
  '127.255.0.9',
  '::1',
  '[::1]',
  '0:0::1',
  '0:0:0:0:0:0:0:1',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
];
const no = [
  'a.localhost',
  'mail.localhost',
  'evil.example.com.localhost',
  'localhost.',
  'localhost.example.com',
  'mail.example.com',
  '128.0.0.1',
  '10.0.0.1',
  '192.168.1.1',
  '::2',
  '::',
  '::ffff:10.0.0.1',
  '127.1', // not a literal IPv4 address: the resolver would decide
  '127.0.0.01',
  '127.0.0.256',
  '1::1::1',
  '::1:',
  '',
];

describe('isLoopbackHost', () => {
  it('accepts only literal loopback and exactly "localhost"', () => {
    for (const h of yes) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of no) expect(isLoopbackHost(h), h).toBe(false);
  });

  // The rule is pure so the options page can use it; Node's own address parser is the reference.
  it('agrees with Node’s BlockList on every literal address above', () => {
    const loopback = new BlockList();
    loopback.addSubnet('127.0.0.0', 8, 'ipv4');
    loopback.addAddress('::1', 'ipv6');
    for (const raw of [...yes, ...no]) {
      const h = raw.trim().replace(/^\[|\]$/g, '');
      const family = isIP(h);
      if (family === 0) continue;
      expect(isLoopbackHost(raw), raw).toBe(loopback.check(h, family === 4 ? 'ipv4' : 'ipv6'));
    }
  });
});

describe('plainTextAllowed', () => {
  it('allows TLS anywhere and plain text only to loopback', () => {
    expect(plainTextAllowed('tls', 'mail.example.com')).toBe(true);
    expect(plainTextAllowed('starttls', 'mail.example.com')).toBe(true);
    expect(plainTextAllowed('none', '127.0.0.1')).toBe(true);
    expect(plainTextAllowed('none', 'mail.example.com')).toBe(false);
  });
});
