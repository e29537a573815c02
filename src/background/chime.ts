/**
 * The new-mail sounds: short chimes of two or three notes synthesised with Web Audio, so no audio file ships
 * and nothing is fetched. Used by Chrome's offscreen document and by Firefox's background page.
 */
import type { SoundName } from '../store/quiet-hours';

/** Each sound as notes: [start offset in s, frequency in Hz]. */
const NOTES: Record<SoundName, ReadonlyArray<readonly [number, number]>> = {
  chime: [
    [0, 880],
    [0.12, 1320],
  ],
  bell: [
    [0, 660],
    [0.16, 990],
    [0.32, 1320],
  ],
  drop: [
    [0, 1320],
    [0.09, 660],
  ],
};

/** Whether `name` is one of the sounds (the offscreen page gets it from its URL). */
export function isSoundName(name: unknown): name is SoundName {
  return typeof name === 'string' && Object.hasOwn(NOTES, name);
}

export async function playChime(context: AudioContext = new AudioContext(), name: SoundName = 'chime'): Promise<void> {
  const start = context.currentTime + 0.01;
  for (const [offset, frequency] of NOTES[name]) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.25);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.3);
  }
  const last = NOTES[name][NOTES[name].length - 1][0];
  await new Promise((resolve) => setTimeout(resolve, (last + 0.33) * 1000));
}
