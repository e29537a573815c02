import '../testing/dom';
import { render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { fullDate, relativeTime, senderName } from '../format';
import { installEnglishI18n } from '../testing/i18n';
import { Attachments } from './Attachments';
import { hostMismatch, sanitizeMailHtml } from './sanitize';
import { attachmentName } from './safe-text';
import { Sender } from './Sender';
import { buildSrcdoc, readerCsp } from './srcdoc';

beforeEach(() => installEnglishI18n());

describe('attachment names', () => {
  it('removes bidi controls, so a right-to-left override cannot fake the extension', () => {
    const name = attachmentName('invoice\u202Efdp.exe');
    expect(name.text).toBe('invoicefdp.exe');
    expect(name.extension).toBe('.exe');
    expect(name.hadBidi).toBe(true);
    expect(attachmentName('a\u2067b\u2069\u200E.pdf').text).toBe('ab.pdf');
  });

  it('shortens in the middle and never loses the extension', () => {
    const long = `${'quarterly-report-'.repeat(10)}final.pdf`;
    const name = attachmentName(long, 40);
    expect([...name.shown].length).toBeLessThanOrEqual(40);
    expect(name.shown).toMatch(/^quarterly-report-.*….*\.pdf$/);
    const padded = attachmentName(`invoice.pdf${' '.repeat(200)}${'\u200B'.repeat(50)}.exe`, 30);
    expect(padded.shown.endsWith('.exe')).toBe(true);
    expect(padded.extension).toBe('.exe');
  });

  it('shows the real type and marks a name that held bidi controls', () => {
    render(
      <Attachments
        attachments={[{ filename: 'photo\u202Egpj.scr', size: 1000, contentType: 'application/octet-stream' }]}
      />,
    );
    expect(screen.getByText('photogpj.scr')).toBeTruthy();
    expect(screen.getByText('SCR file')).toBeTruthy();
    expect(screen.getByTestId('bidi-warning')).toBeTruthy();
  });
});

describe('dates', () => {
  it('shows "unknown date" for an invalid or missing date instead of 1970', () => {
    expect(fullDate('1970-01-01T00:00:00.000Z')).toBe('unknown date');
    expect(fullDate('not a date')).toBe('unknown date');
    expect(relativeTime('1970-01-01T00:00:00.000Z', Date.parse('2026-01-01T00:00:00Z'))).toBe('unknown date');
    expect(relativeTime('', 0)).toBe('unknown date');
    expect(fullDate('2026-01-01T10:00:00.000Z')).not.toBe('unknown date');
  });
});

describe('sender', () => {
  it('shows the real address apart from the display name and flags a name holding another address', () => {
    render(<Sender from={[{ name: 'service@bank.example', address: 'x@evil.example' }]} />);
    expect(screen.getByTestId('sender-address').textContent).toBe('x@evil.example');
    expect(screen.getByText('service@bank.example').className).toBe('sender-name');
    expect(screen.getByTestId('sender-mismatch')).toBeTruthy();
  });

  it('does not flag an honest name', () => {
    render(<Sender from={[{ name: 'Ada \u202ELovelace', address: 'ada@example.org' }]} />);
    expect(screen.getByText('Ada Lovelace')).toBeTruthy();
    expect(screen.queryByTestId('sender-mismatch')).toBeNull();
  });
});

describe('links whose text names another host', () => {
  it('detects the mismatch and ignores honest links', () => {
    expect(hostMismatch('www.bank.example', 'https://evil.example/login')).toBe('evil.example');
    expect(hostMismatch('https://bank.example/login', 'https://bank.example.evil.example/')).toBe(
      'bank.example.evil.example',
    );
    expect(hostMismatch('www.bank.example/login', 'https://bank.example/login')).toBeUndefined();
    expect(hostMismatch('Log in to your bank', 'https://evil.example/')).toBeUndefined();
    expect(hostMismatch('mail me', 'mailto:a@b.example')).toBeUndefined();
  });

  it('marks such a link in the sanitized mail, and the frame shows where it goes', () => {
    const clean = sanitizeMailHtml('<p><a href="https://evil.example/x">https://bank.example</a></p>', {
      loadImages: false,
    });
    expect(clean.html).toContain('data-real-host="evil.example"');
    expect(buildSrcdoc(clean.html, [], 'goes to')).toMatch(
      /a\[data-real-host\]::after\{content:.*attr\(data-real-host\)/,
    );
  });
});

describe('reader CSP', () => {
  it('puts only strict origins into img-src', () => {
    const csp = readerCsp([
      'https://img.example',
      'http://127.0.0.1:8080',
      'https://[::1]:8443',
      "https://a.example; script-src 'unsafe-inline'",
      'https://a.example b.example',
      'https://a.example/path',
      'javascript:alert(1)',
      '*',
    ]);
    expect(csp).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data: https://img.example http://127.0.0.1:8080 https://[::1]:8443; form-action 'none'",
    );
  });
});

describe('sender names in the list', () => {
  it('lose bidi controls, so a name cannot reorder what follows it', () => {
    expect(senderName([{ name: 'Bank\u202E moc.evil', address: 'a@evil.example' }])).toBe('Bank moc.evil');
    expect(senderName([{ name: '\u200B\u2066', address: 'a@evil.example' }])).toBe('a@evil.example');
  });
});
