import { t } from '../i18n';
import { lazyComponent } from '../lazy-component';

/**
 * The reader, with the HTML sanitizer and the message frame, in a chunk of its own: the popup's
 * first paint (the list) does not wait for code only an opened message needs. Says so while
 * loading and if the load fails.
 */
export const LazyReader = lazyComponent(
  () => import('./Reader').then((m) => m.Reader),
  (failure) => (
    <p role="status" class="loading">
      {failure ? t('bodyFailed', failure) : t('loadingMessage')}
    </p>
  ),
);
