import { tomorrowMorning } from '../../store/pause';
import { shortTime } from '../format';
import { t } from '../i18n';
import './pause-choices.css';

const HOUR_MS = 60 * 60 * 1000;

interface Props {
  pausedUntil: number;
  paused: boolean;
  choose: (until: number) => void;
}

/** The open notification menu: pause for an hour, until tomorrow, or resume. */
export function PauseChoices({ pausedUntil, paused, choose }: Props) {
  return (
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
  );
}
