import { render } from 'preact';
import { App } from '../../src/ui/popup/App';
import '../../src/ui/theme.css';

render(<App />, document.getElementById('app')!);
