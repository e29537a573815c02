import { isSoundName, playChime } from '../../src/background/chime';

// The sound to play comes in the URL (src/background/sound.ts); anything else plays the default.
const name = new URLSearchParams(location.search).get('sound');
void playChime(undefined, isSoundName(name) ? name : 'chime').finally(() => window.close());
