import type { ComponentProps } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { Reader } from './Reader';

interface ReaderModule {
  Reader: typeof Reader;
}

let loading: Promise<ReaderModule> | undefined;

/**
 * The reader, with the HTML sanitizer and the message frame, in a chunk of its own: the popup's
 * first paint (the list) does not wait for code only an opened message needs.
 */
function loadReader(): Promise<ReaderModule> {
  loading ??= import('./Reader').catch((e: unknown) => {
    // A later open tries again rather than keep a failed load.
    loading = undefined;
    throw e;
  });
  return loading;
}

/** `Reader`, loaded on first use; says so while loading and if the load fails. */
export function LazyReader(props: ComponentProps<typeof Reader>) {
  const [mod, setMod] = useState<ReaderModule | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    loadReader().then(
      (m) => live && setMod(m),
      (e: unknown) => live && setFailure(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  if (mod) return <mod.Reader {...props} />;
  return (
    <p role="status" class="loading">
      {failure ? t('bodyFailed', failure) : t('loadingMessage')}
    </p>
  );
}
