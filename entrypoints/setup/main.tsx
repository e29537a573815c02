import { render } from 'preact';
import { SetupApp } from '../../src/ui/setup/App';
import '../../src/ui/theme.css';
import '../../src/ui/setup/setup.css';

document.title = browser.i18n.getMessage('setupTitle') || document.title;
document.documentElement.lang = browser.i18n.getUILanguage();
render(<SetupApp />, document.getElementById('app')!);
