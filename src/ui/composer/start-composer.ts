import type { openComposer as OpenComposer } from './open-composer';

/**
 * `openComposer`, its reply, reply-all and forward logic loaded on first use: the popup's first
 * paint (the list) does not wait for code only writing a message needs.
 */
export async function openComposer(...args: Parameters<typeof OpenComposer>): ReturnType<typeof OpenComposer> {
  const { openComposer: open } = await import('./open-composer');
  return open(...args);
}
