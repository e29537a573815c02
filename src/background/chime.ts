/**
 * The new-mail sound: a short two-note chime synthesised with Web Audio, so no audio file ships
 * and nothing is fetched. Used by Chrome's offscreen document and by Firefox's background page.
 */
export async function playChime(context: AudioContext = new AudioContext()): Promise<void> {
  const start = context.currentTime + 0.01;
  for (const [offset, frequency] of [
    [0, 880],
    [0.12, 1320],
  ] as const) {
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
  await new Promise((resolve) => setTimeout(resolve, 450));
}
