/** Built sizes, raw and gzip: popup, background and the bridge bundle. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && test(f));
}

function measure(files: string[]) {
  const buffers = files.map((f) => readFileSync(f));
  return {
    bytes: buffers.reduce((n, b) => n + b.length, 0),
    gzipBytes: buffers.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
  };
}

/**
 * Everything popup.html loads before its app's first paint: the page, every script, module preload
 * and stylesheet it names, the app module first-screen.js starts (`data-app`), and every module
 * those import statically (the shared chunks with Preact and the store included, which a name
 * filter on "popup" would miss). Dynamic `import("…")`, the reader's for one, is left out.
 */
function popupFiles(chrome: string): string[] {
  const html = join(chrome, 'popup.html');
  const files = new Set([html]);
  const queue = [...readFileSync(html, 'utf8').matchAll(/(?:src|href|data-app)="\/([^"]+)"/g)].map((m) =>
    join(chrome, m[1]),
  );
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (files.has(file)) continue;
    files.add(file);
    if (!file.endsWith('.js')) continue;
    const imports = readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.js)"/g);
    for (const m of imports) queue.push(join(dirname(file), m[1]));
  }
  return [...files];
}

/** Sizes of the built Chrome popup files, background script and bridge bundle, raw and gzip -9. */
export function builtSizes(root: string) {
  const chrome = join(root, '.output/chrome-mv3');
  return {
    popup: measure(popupFiles(chrome)),
    /** The reader chunk (sanitizer included), loaded when a message is opened. */
    reader: measure(filesUnder(join(chrome, 'chunks'), (f) => /\/Reader-[^/]*\.js$/.test(f))),
    background: measure([join(chrome, 'background.js')]),
    bridge: measure([join(root, 'dist/bridge/mailglance-bridge.cjs')]),
    chromeZipFiles: measure(filesUnder(chrome, () => true)),
  };
}
