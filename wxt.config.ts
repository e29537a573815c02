import preact from '@preact/preset-vite';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { CHROME_EXTENSION_KEY, FIREFOX_EXTENSION_ID } from './src/protocol/extension-ids';

/**
 * The popup's first-screen painter (src/ui/popup/paint-first-screen.ts) as one classic script:
 * popup.html runs it while parsing, before its modules. Bundled here rather than as a WXT
 * unlisted script, whose runtime wrapper would weigh as much as the painter itself.
 */
async function firstScreenScript(): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: [resolve(import.meta.dirname, 'src/ui/popup/paint-first-screen.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    write: false,
  });
  return outputFiles[0].text;
}

/** How many WXT runtime plugins the resolved config has (set by the `config:resolved` hook). */
let wxtRuntimePlugins = -1;

/**
 * WXT puts a module into every HTML page that starts its runtime plugins. This extension has
 * none, so the module is an empty try/catch, yet it was one more file and preload on every
 * page's first paint: while there are no plugins, its script tag is taken out before bundling.
 */
function noEmptyPluginStart(): Plugin {
  return {
    name: 'mailglance:no-empty-plugin-start',
    // After WXT's own 'pre' hook, which adds the script.
    enforce: 'post',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) =>
        wxtRuntimePlugins === 0 ? html.replace(/<script[^>]*src="virtual:wxt-html-plugins"[^>]*><\/script>/, '') : html,
    },
  };
}

/**
 * popup.html's first paint waits for nothing but the page and first-screen.js. Measured against
 * the same page as built (1,000 cached rows, a stored screen), each of these held the stored rows'
 * paint back by tens of ms: the stylesheets, which a script in the body must wait for, and the
 * app's module with its preloads, fetched and compiled while the page parses. So, in a build:
 * the stylesheets are inlined as <style> (extension pages' CSP restricts scripts, not styles), and
 * the module leaves the page; first-screen.js starts it from `data-app` once the stored rows are
 * painted (src/ui/popup/paint-first-screen.ts). Its other imports load with it, as any import.
 */
function popupFirstPaint(): Plugin {
  return {
    name: 'mailglance:popup-first-paint',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) => {
        if (!/[\\/]popup[\\/]index\.html$/.test(ctx.filename)) return html;
        const cssSource = (href: string) => {
          const asset = ctx.bundle?.[href.replace(/^\//, '')];
          if (asset?.type !== 'asset') throw new Error(`popup.html: no built stylesheet ${href}`);
          return String(asset.source);
        };
        const app = /<script type="module"[^>]*\ssrc="([^"]+)"[^>]*><\/script>\s*/.exec(html);
        if (!app) throw new Error('popup.html: the app module is missing');
        const painter = /<script\s+src="\/first-screen\.js"><\/script>/;
        if (!painter.test(html)) throw new Error('popup.html: first-screen.js is missing');
        return html
          .replace(app[0], '')
          .replace(/<link rel="modulepreload"[^>]*>\s*/g, '')
          .replace(
            /<link rel="stylesheet"[^>]*\shref="([^"]+)"[^>]*>/g,
            (_, href: string) => `<style>${cssSource(href)}</style>`,
          )
          .replace(painter, `<script src="/first-screen.js" data-app="${app[1]}"></script>`);
      },
    },
  };
}

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  zip: {
    // The Firefox sources archive: what a reviewer needs to rebuild (`npm ci && npm run build:ext`),
    // without build output, logs or test and benchmark results.
    excludeSources: ['dist/**', 'coverage/**', 'test-results/**', 'bench/results*', '**/*.log', 'store/screenshots/**'],
  },
  vite: () => ({
    plugins: [preact(), noEmptyPluginStart(), popupFirstPaint()],
    // Every browser the extension supports has <link rel="modulepreload">: Vite's polyfill for it
    // would only be one more script for each page to load before its first paint.
    build: { modulePreload: { polyfill: false } },
  }),
  hooks: {
    'config:resolved': (wxt) => {
      wxtRuntimePlugins = wxt.config.plugins.length;
    },
    // The setup page links the privacy policy; the extension carries PRIVACY.md itself (as text,
    // which every browser shows inline) so the link works offline and matches this release.
    'build:publicAssets': async (_wxt, assets) => {
      assets.push({ absoluteSrc: resolve(import.meta.dirname, 'PRIVACY.md'), relativeDest: 'PRIVACY.txt' });
      assets.push({ relativeDest: 'first-screen.js', contents: await firstScreenScript() });
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Minimal permissions: no host permissions at all; every byte of mail goes through the bridge.
    // Chrome adds `offscreen`: a service worker cannot play the optional new-mail sound itself.
    permissions: [
      'nativeMessaging',
      'storage',
      'alarms',
      'notifications',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: FIREFOX_EXTENSION_ID,
              // data_collection_permissions needs Firefox 140 (desktop) / 142 (Android).
              strict_min_version: '140.0',
              // Nothing is collected or sent anywhere but the user's own mail servers.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { key: CHROME_EXTENSION_KEY }),
    action: { default_title: '__MSG_extName__' },
  }),
});
