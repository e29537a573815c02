import { lazyComponent } from '../lazy-component';

/**
 * `DraftsBanner`, loaded after the list's first paint: it shows only when unsent drafts exist,
 * which it reads from the store after mounting anyway. Nothing shows while it loads.
 */
export const LazyDraftsBanner = lazyComponent(() => import('./DraftsBanner').then((m) => m.DraftsBanner));
