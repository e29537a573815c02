import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isMessageId, isPlainAddress, MAX_RECIPIENTS, SendParams } from './send';
import { guessSmtpHost, providerFilesSent, smtpEndpoint } from './rules/smtp-defaults';

const draft = {
  accountId: 'a1',
  messageId: '<1.abc@mailglance.example>',
  date: '2026-12-02T10:00:00.000Z',
  from: { name: 'Alice', address: 'alice@example.com' },
  to: [{ address: 'bob@example.com' }],
  cc: [],
  bcc: [],
  subject: 'Re: lunch',
  text: 'Yes.\n\n> lunch?',
};

describe('message.send params', () => {
  it('accepts a plain reply', () => {
    expect(v.safeParse(SendParams, draft).success).toBe(true);
  });

  it.each([
    ['subject', { subject: 'hi\r\nBcc: eve@evil.example' }],
    ['subject with a bare LF', { subject: 'hi\nX-Evil: 1' }],
    ['subject with NUL', { subject: 'hi\0' }],
    ['recipient name', { to: [{ name: 'Bob\r\nBcc: eve@evil.example', address: 'bob@example.com' }] }],
    ['From name', { from: { name: 'A\nB', address: 'alice@example.com' } }],
  ])('refuses CR/LF/NUL in the %s', (_what, change) => {
    expect(v.safeParse(SendParams, { ...draft, ...change }).success).toBe(false);
  });

  it('refuses addresses that could smuggle a second one or a command', () => {
    for (const bad of [
      'bob@example.com>, <eve@evil.example',
      'bob example@x.com',
      'bob@',
      '@x.com',
      'a@b@c.com',
      'bob@localhost',
      'bob@ex\r\nample.com',
    ])
      expect(isPlainAddress(bad), bad).toBe(false);
    expect(isPlainAddress("o'brien+tag@mail.example.co.uk")).toBe(true);
  });

  it('needs a recipient and at most the cap', () => {
    expect(v.safeParse(SendParams, { ...draft, to: [] }).success).toBe(false);
    const many = Array.from({ length: MAX_RECIPIENTS / 2 + 1 }, (_, i) => ({ address: `r${i}@example.com` }));
    expect(v.safeParse(SendParams, { ...draft, to: many, cc: many }).success).toBe(false);
  });

  it('checks Message-IDs', () => {
    expect(isMessageId('<a.b@c>')).toBe(true);
    expect(isMessageId('a@b')).toBe(false);
    expect(isMessageId('<a b@c>')).toBe(false);
    expect(isMessageId('<a@b>\r\nX: y')).toBe(false);
  });
});

describe('SMTP defaults', () => {
  it('guesses the host from the incoming one', () => {
    expect(guessSmtpHost('imap.example.com')).toBe('smtp.example.com');
    expect(guessSmtpHost('pop3.example.com')).toBe('smtp.example.com');
    expect(guessSmtpHost('mail.example.com')).toBe('mail.example.com');
  });

  it('uses 587 STARTTLS, and implicit TLS on 465', () => {
    expect(smtpEndpoint('imap.example.com', undefined)).toEqual({
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
    });
    expect(smtpEndpoint('x', { port: 465 })).toEqual({ host: 'x', port: 465, security: 'tls' });
    expect(smtpEndpoint('x', { host: 'out.example.com', security: 'tls' })).toEqual({
      host: 'out.example.com',
      port: 465,
      security: 'tls',
    });
  });

  it("sends through a known provider's own server unless the user set one", () => {
    expect(smtpEndpoint('outlook.office365.com', undefined)).toEqual({
      host: 'smtp.office365.com',
      port: 587,
      security: 'starttls',
    });
    expect(smtpEndpoint('imap.gmail.com', {})).toEqual({ host: 'smtp.gmail.com', port: 465, security: 'tls' });
    expect(smtpEndpoint('imap.gmail.com', { port: 587 })).toEqual({
      host: 'smtp.gmail.com',
      port: 587,
      security: 'starttls',
    });
  });

  it('knows which providers file sent mail themselves', () => {
    expect(providerFilesSent('smtp.gmail.com')).toBe(true);
    expect(providerFilesSent('smtp.office365.com')).toBe(true);
    expect(providerFilesSent('smtp.example.com')).toBe(false);
    expect(providerFilesSent('gmail.com.evil.example')).toBe(false);
  });
});
