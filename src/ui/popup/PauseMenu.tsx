import { useState } from 'preact/hooks';
import { tomorrowMorning } from '../../store/pause';
import { shortTime } from '../format';
import { t } from '../i18n';
import { Icon } from './icons';

const HOUR_MS = 60 * 60 * 1000;

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
      {open && (
        <div id="pause-menu-list" class="pause-list">
          {paused && <p class="paused-note">{t('pausedUntil', shortTime(pausedUntil))}</p>}
          <button type="button" onClick={() => choose(Date.now() + HOUR_MS)}>
            {t('pauseHour')}
          </button>
          <button type="button" onClick={() => choose(tomorrowMorning(Date.now()))}>
            {t('pauseTomorrow')}
          </button>
          {paused && (
            <button type="button" onClick={() => choose(0)}>
              {t('resumeNotifications')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
