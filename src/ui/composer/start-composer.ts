import type { openComposer as OpenComposer } from './open-composer';

let loading: Promise<{ openComposer: typeof OpenComposer }> | undefined;

/** Starts loading the draft logic (after the importing page's own code), so `c` or `a` finds it in. */
function load() {
  loading ??= import('./open-composer').catch((e: unknown) => {
    loading = undefined; // the next use tries again
    throw e;
  });
  return loading;
}
void load().catch(() => undefined);

/**
 * `openComposer`, its reply, reply-all and forward logic in a chunk of its own: the popup's first
 * paint (the list) does not wait for code only writing a message needs.
 */
export async function openComposer(...args: Parameters<typeof OpenComposer>): ReturnType<typeof OpenComposer> {
  const { openComposer: open } = await load();
  return open(...args);
}
