/**
 * popup.html's first paint: a classic script (bundled on its own by wxt.config.ts), run while
 * the page parses, before the app's module, whose code and IndexedDB read take a few hundred ms.
 * It paints the rows the popup showed last time; the app replaces them with its own list. Keys
 * pressed meanwhile are held for the app (holdKeys).
 *
 * In a build it also starts the app (wxt.config.ts names the module in `data-app` instead of
 * putting it in the page): once the stored rows are painted, so that fetching and compiling the
 * app does not hold up that first frame; at once when there was nothing to paint.
 */
import { holdKeys, paintFirstScreen, takeFirstScreen } from './first-screen';

const appModule = (document.currentScript as HTMLScriptElement | null)?.dataset.app;
let painted = false;

try {
  const screen = takeFirstScreen(localStorage);
  const app = document.getElementById('app');
  if (screen && app) {
    const copy = paintFirstScreen(document, screen);
    app.before(copy);
    holdKeys(document, copy);
    painted = true;
  }
} catch {
  // No storage (disabled, or the profile's is damaged): the app paints on its own, as before.
}

if (appModule) {
  let started = false;
  const startApp = () => {
    if (started) return;
    started = true;
    const script = document.createElement('script');
    script.type = 'module';
    script.src = appModule;
    document.head.append(script);
  };
  if (painted) {
    // After the frame that shows the rows; the timer covers a page that gets no frames.
    requestAnimationFrame(() => setTimeout(startApp));
    setTimeout(startApp, 100);
  } else {
    startApp();
  }
}
