import '../testing/dom';
import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { installEnglishI18n } from '../testing/i18n';
import { linkify } from './linkify';
import { MessageFrame } from './MessageFrame';
import { PlainText } from './PlainText';
import { sanitizeMailHtml } from './sanitize';
import { buildSrcdoc } from './srcdoc';

/** A message written to do everything a reader must not let it do. */
const HOSTILE = `
<html><head>
<meta http-equiv="refresh" content="0;url=https://evil.example/refresh">
<link rel="stylesheet" href="https://evil.example/style.css">
<style>@import url("https://evil.example/import.css"); body { background: url(https://evil.example/bg.png) }</style>
<base href="https://evil.example/">
</head><body background="https://evil.example/body-bg.png">
<script>parent.pwned = true</script>
<p>Hello <b>there</b></p>
<img src="x" onerror="parent.pwned = true">
<img src="https://tracker.example/pixel.gif" alt="pixel" srcset="https://tracker.example/p2.gif 2x">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">
<div style="background-image: url('https://evil.example/div.png'); color: red">styled</div>
<a href="javascript:parent.pwned=true">click me</a>
<a href="https://real.example/path" ping="https://evil.example/ping">innocent link</a>
<form action="https://evil.example/phish"><input name="password"><button>Send</button></form>
<svg><image href="https://evil.example/svg.png"/></svg>
<iframe src="https://evil.example/frame"></iframe>
<video poster="https://evil.example/poster.png" src="https://evil.example/v.mp4"></video>
</body></html>`;

function forbidden(html: string): string[] {
  const checks: [string, RegExp][] = [
    ['script', /<script/i],
    ['onerror', /onerror/i],
    ['javascript:', /javascript:/i],
    ['tracker', /tracker\.example/i],
    ['evil', /evil\.example/i],
    ['link', /<link/i],
    ['meta refresh', /refresh/i],
    ['form', /<form|<input|<button/i],
    ['@import', /@import/i],
    ['iframe', /<iframe/i],
    ['svg', /<svg|<image/i],
  ];
  return checks.filter(([, re]) => re.test(html)).map(([name]) => name);
}

describe('sanitizeMailHtml', () => {
  it('removes scripts, handlers, javascript: links, forms and every remote load', () => {
    const clean = sanitizeMailHtml(HOSTILE, { loadImages: false });
    expect(forbidden(clean.html)).toEqual([]);
    expect(clean.html).toContain('<b>there</b>');
    expect(clean.html).toContain('data:image/png;base64');
    expect(clean.remoteImages).toBeGreaterThanOrEqual(3); // pixel, srcset, css url()s
    expect(clean.imageOrigins).toEqual([]);
  });

  it('opens links in a new tab without opener or referrer and shows their real target', () => {
    const doc = new DOMParser().parseFromString(sanitizeMailHtml(HOSTILE, { loadImages: false }).html, 'text/html');
    const links = [...doc.querySelectorAll('a')];
    const real = links.find((a) => a.textContent === 'innocent link')!;
    expect(real.getAttribute('href')).toBe('https://real.example/path');
    expect(real.getAttribute('target')).toBe('_blank');
    expect(real.getAttribute('rel')).toBe('noopener noreferrer');
    expect(real.getAttribute('title')).toBe('https://real.example/path');
    expect(real.hasAttribute('ping')).toBe(false);
    const js = links.find((a) => a.textContent === 'click me')!;
    expect(js.hasAttribute('href')).toBe(false);
  });

  it('keeps remote images and their origins only when images are allowed', () => {
    const clean = sanitizeMailHtml(HOSTILE, { loadImages: true });
    expect(clean.html).toContain('src="https://tracker.example/pixel.gif"');
    expect(clean.imageOrigins).toContain('https://tracker.example');
    // Still no scripts, stylesheets or forms.
    expect(forbidden(clean.html).filter((f) => f !== 'tracker' && f !== 'evil')).toEqual([]);
    expect(clean.html).not.toMatch(/<link|@import|evil\.example\/style\.css/);
  });
});

describe('CSS that fetches more than images', () => {
  const FETCHING_CSS = `<p>first</p>
<style>
  .c { clip-path: url(https://evil.example/clip.svg#c) }
  .m { mask: url("https://evil.example/mask.svg#m"); -webkit-mask-image: url(https://evil.example/wm.png) }
  .f { filter: url('https://evil.example/filter.svg#f') }
  .k { cursor: url(https://evil.example/cursor.cur), auto }
  .v { --x: url(https://evil.example/var.png) }
  .e { cl\\69 p-path: url(https://evil.example/escaped-prop.svg#c) }
  .u { background: \\75 rl(https://evil.example/escaped-url.png) }
  .s { background-image: image-set("https://evil.example/set.png" 1x) }
  @font-face { font-family: x; src: url(https://evil.example/font.woff) }
  .b { background: url(https://img.example/ok.png) no-repeat; color: red }
</style>
<p class="c m f k v e u s b" style="clip-path:url(https://evil.example/inline-clip.svg#c); cursor: url(https://evil.example/inline.cur), auto; background-image:url(https://img.example/inline.png)">x</p>`;

  it('keeps only image-property url()s when images are loaded; every other url is dropped', () => {
    const clean = sanitizeMailHtml(FETCHING_CSS, { loadImages: true });
    expect(clean.html).not.toMatch(/evil\.example/);
    expect(clean.html).toContain('https://img.example/ok.png');
    expect(clean.html).toContain('https://img.example/inline.png');
    expect(clean.html).toMatch(/color: ?red/);
    expect(clean.imageOrigins).toEqual(['https://img.example']);
    expect(clean.remoteImages).toBe(2);
    expect(clean.remoteRemoved).toBe(12);
  });

  it('blocks the image-property url()s too until images are loaded', () => {
    const clean = sanitizeMailHtml(FETCHING_CSS, { loadImages: false });
    expect(clean.html).not.toMatch(/evil\.example|img\.example/);
    expect(clean.remoteImages).toBe(2);
    expect(clean.remoteRemoved).toBe(12);
  });
});

describe('remote media the sanitizer removes', () => {
  it("counts a video's sources and images inside inline SVG as removed; the poster stays an image", () => {
    const clean = sanitizeMailHtml(
      `<p>hi</p><video poster="https://evil.example/poster.png"><source src="https://evil.example/v.mp4"></video>
<svg><image href="https://evil.example/svg.png"/><use xlink:href="https://evil.example/u.svg#x"/></svg>
<table background="https://evil.example/td.png"><tr><td>t</td></tr></table>
<a href="https://real.example/">a link is not media</a>`,
      { loadImages: false },
    );
    expect(clean.html).not.toMatch(/evil\.example/);
    expect(clean.html).toMatch(/<img alt="" data-blocked="">/);
    expect(clean.remoteImages).toBe(1); // the poster, as an image
    expect(clean.remoteRemoved).toBe(4);
    const loaded = sanitizeMailHtml(
      '<video poster="https://img.example/p.png" src="https://evil.example/v.mp4"></video>',
      {
        loadImages: true,
      },
    );
    expect(loaded.html).toBe('<img src="https://img.example/p.png" alt="">');
    expect(loaded.imageOrigins).toEqual(['https://img.example']);
    expect(loaded.remoteRemoved).toBe(1);
  });

  it('says so in the reader even when no image can be loaded', () => {
    installEnglishI18n();
    render(
      <MessageFrame
        html={'<svg><image href="https://evil.example/p.png"/></svg>'}
        loadImages={false}
        onLoadImages={() => undefined}
      />,
    );
    expect(screen.getByTestId('remote-removed').textContent).toMatch(/^1 remote items .* were removed/);
    expect(screen.queryByRole('button', { name: 'Load images' })).toBeNull();
  });

  it('offers a video poster through "Load images"', async () => {
    installEnglishI18n();
    const { Harness } = await import('./testing-harness');
    render(<Harness html={'<video poster="https://img.example/p.png"></video>'} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load images' }));
    expect(screen.getByTitle('Message content').getAttribute('srcdoc')).toContain('src="https://img.example/p.png"');
  });
});

describe('buildSrcdoc', () => {
  it('sets a CSP that forbids scripts and remote loads, adding only allowed image origins', () => {
    expect(buildSrcdoc('<p>x</p>')).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"`,
    );
    expect(buildSrcdoc('<p>x</p>', ['https://img.example'])).toContain('img-src data: https://img.example;');
  });
});

describe('MessageFrame', () => {
  beforeEach(() => installEnglishI18n());

  it('renders a sandboxed frame and loads remote images only after "Load images"', () => {
    render(<MessageFrame html={HOSTILE} loadImages={false} onLoadImages={() => undefined} />);
    const frame = screen.getByTitle('Message content');
    expect(frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(frame.getAttribute('sandbox')).not.toContain('allow-scripts');
    expect(frame.getAttribute('sandbox')).not.toContain('allow-same-origin');
    const srcdoc = frame.getAttribute('srcdoc')!;
    expect(srcdoc).toContain("default-src 'none'");
    const body = srcdoc.slice(srcdoc.indexOf('<body>'));
    expect(forbidden(body)).toEqual([]);
    expect(screen.getByRole('button', { name: 'Load images' })).toBeTruthy();
  });

  it('the reader flips to loaded images when the button is clicked', async () => {
    const { Harness } = await import('./testing-harness');
    render(<Harness html={HOSTILE} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load images' }));
    const srcdoc = screen.getByTitle('Message content').getAttribute('srcdoc')!;
    expect(srcdoc).toContain('src="https://tracker.example/pixel.gif"');
    expect(srcdoc).toContain('img-src data: https://evil.example https://tracker.example;');
    expect(screen.queryByRole('button', { name: 'Load images' })).toBeNull();
  });
});

describe('plain text', () => {
  beforeEach(() => installEnglishI18n());

  it('keeps line breaks and links only http(s) URLs', () => {
    expect(linkify('see https://a.example/x. or www.b.example, not javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://a.example/x', href: 'https://a.example/x' },
      { kind: 'text', text: '. or ' },
      { kind: 'link', text: 'www.b.example', href: 'https://www.b.example' },
      { kind: 'text', text: ', not javascript:alert(1)' },
    ]);
    render(<PlainText text={'line one\nline two <b>not bold</b>\nhttps://c.example/'} />);
    const pre = screen.getByTestId('message-text');
    expect(pre.textContent).toBe('line one\nline two <b>not bold</b>\nhttps://c.example/');
    expect(pre.querySelector('b')).toBeNull();
    const link = screen.getByRole('link', { name: 'https://c.example/' });
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  });
});
