import { playChime } from '../../src/background/chime';

void playChime().finally(() => window.close());
