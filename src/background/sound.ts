/**
 * Plays the new-mail sound. A Chrome MV3 service worker has no audio, so Chrome gets an offscreen
 * document (developer.chrome.com/docs/extensions/reference/api/offscreen, reason AUDIO_PLAYBACK)
 * that plays the chime when it loads and is closed right after; Firefox's background page plays
 * it itself.
 */
import { browser } from 'wxt/browser';
import type { SoundName } from '../store/quiet-hours';
import { playChime } from './chime';

const OFFSCREEN_PATH = 'offscreen.html';

interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
  hasDocument?(): Promise<boolean>;
}

export async function playNewMailSound(name: SoundName = 'chime'): Promise<void> {
  const offscreen = (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen;
  if (!offscreen) {
    await playChime(undefined, name);
    return;
  }
  // One document at a time: close a previous one that is still playing, then play anew.
  if (await offscreen.hasDocument?.()) await offscreen.closeDocument();
  await offscreen.createDocument({
    url: browser.runtime.getURL(`/${OFFSCREEN_PATH}?sound=${name}` as '/'),
    reasons: ['AUDIO_PLAYBACK'],
    justification: 'Play the new-mail sound the user turned on.',
  });
  // The document closes itself when the chime is done (entrypoints/offscreen/main.ts).
}
