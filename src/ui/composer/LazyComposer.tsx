import { t } from '../i18n';
import { lazyComponent } from '../lazy-component';

/**
 * The composer (its form, address checks and send states) in a chunk of its own: the popup's
 * first paint (the list) does not wait for code only writing a message needs. Says so while
 * loading and if the load fails.
 */
export const LazyComposer = lazyComponent(
  () => import('./Composer').then((m) => m.Composer),
  (failure) => (
    <p role="status" class="loading">
      {failure ? t('actionFailed', failure) : t('loading')}
    </p>
  ),
);
