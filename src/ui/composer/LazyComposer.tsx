import type { ComponentProps } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { Composer } from './Composer';

interface ComposerModule {
  Composer: typeof Composer;
}

let loading: Promise<ComposerModule> | undefined;

/**
 * The composer (its form, address checks and send states) in a chunk of its own: the popup's
 * first paint (the list) does not wait for code only writing a message needs.
 */
function loadComposer(): Promise<ComposerModule> {
  loading ??= import('./Composer').catch((e: unknown) => {
    // A later open tries again rather than keep a failed load.
    loading = undefined;
    throw e;
  });
  return loading;
}

/** `Composer`, loaded on first use; says so while loading and if the load fails. */
export function LazyComposer(props: ComponentProps<typeof Composer>) {
  const [mod, setMod] = useState<ComposerModule | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    loadComposer().then(
      (m) => live && setMod(m),
      (e: unknown) => live && setFailure(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  if (mod) return <mod.Composer {...props} />;
  return (
    <p role="status" class="loading">
      {failure ? t('actionFailed', failure) : t('loading')}
    </p>
  );
}
