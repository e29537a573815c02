import { render } from 'preact';
import { App } from '../../src/ui/popup/App';
import { INITIAL_FILTER, storeSource } from '../../src/ui/popup/mail-source';
import '../../src/ui/theme.css';
import '../../src/ui/popup/popup.css';

// The first page of the list is read from IndexedDB while the page renders, not after it.
const source = storeSource();
source.prefetch(INITIAL_FILTER);
// Screen readers pick the right voice; the page's lang follows the browser's UI language.
document.documentElement.lang = browser.i18n.getUILanguage();
render(<App source={source} />, document.getElementById('app')!);
