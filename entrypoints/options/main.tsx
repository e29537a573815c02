import { render } from 'preact';
import { OptionsApp } from '../../src/ui/options/App';
import '../../src/ui/theme.css';
import '../../src/ui/options/options.css';

document.title = browser.i18n.getMessage('optionsTitle') || document.title;
// Screen readers pick the right voice; the page's lang follows the browser's UI language.
document.documentElement.lang = browser.i18n.getUILanguage();
render(<OptionsApp />, document.getElementById('app')!);
