import { render } from 'preact';
import { App } from '../../src/ui/popup/App';
import '../../src/ui/theme.css';
import '../../src/ui/popup/popup.css';

// Screen readers pick the right voice; the page's lang follows the browser's UI language.
document.documentElement.lang = browser.i18n.getUILanguage();
render(<App />, document.getElementById('app')!);
