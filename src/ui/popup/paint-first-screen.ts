/**
 * popup.html's first paint: a classic script (bundled on its own by wxt.config.ts), run while
 * the page parses, before the app's module, whose code and IndexedDB read take a few hundred ms.
 * It paints the rows the popup showed last time; the app replaces them with its own list.
 */
import { paintFirstScreen, takeFirstScreen } from './first-screen';

try {
  const screen = takeFirstScreen(localStorage);
  if (screen) document.getElementById('app')?.before(paintFirstScreen(document, screen));
} catch {
  // No storage (disabled, or the profile's is damaged): the app paints on its own, as before.
}
