import { useState } from 'preact/hooks';
import { shortTime } from '../format';
import { t } from '../i18n';
import { lazyComponent } from '../lazy-component';
import { Icon } from './icons';

/** The menu's entries: not part of the first paint, but loading from the start, so in before a click. */
const PauseChoices = lazyComponent(() => import('./PauseChoices').then((m) => m.PauseChoices));
PauseChoices.preload();

interface Props {
  pausedUntil: number;
  now: number;
  onPause: (until: number) => void;
}

/**
 * "Pause notifications for 1 hour / until tomorrow" (and "Resume"), as a disclosure: a button
 * that shows a short list of buttons, so every entry is a plain button in the tab order.
 */
export function PauseMenu({ pausedUntil, now, onPause }: Props) {
  const [open, setOpen] = useState(false);
  const paused = pausedUntil > now;
  const choose = (until: number) => {
    setOpen(false);
    onPause(until);
  };
  return (
    <div class="pause-menu">
      <button
        type="button"
        class="icon-button"
        aria-expanded={open}
        aria-controls="pause-menu-list"
        aria-label={t('notificationMenu')}
        title={paused ? t('pausedUntil', shortTime(pausedUntil)) : t('notificationMenu')}
        data-paused={paused ? 'true' : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
      >
        <Icon name="more" />
      </button>
      {open && <PauseChoices pausedUntil={pausedUntil} paused={paused} choose={choose} />}
    </div>
  );
}
