import type { QuietHours } from '../../store/quiet-hours';
import { t } from '../i18n';

interface Props {
  /** Unique per use on the page (ids of the time inputs). */
  id: string;
  /** What the switch says: the global schedule, or one account's. */
  label: string;
  value: QuietHours;
  onChange: (next: QuietHours) => void;
}

/** A daily quiet window: a switch and its two times (local; a start after the end runs over midnight). */
export function QuietHoursFields({ id, label, value, onChange }: Props) {
  return (
    <fieldset class="quiet-hours">
      <legend>{label}</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={value.enabled}
          onChange={(e) => onChange({ ...value, enabled: e.currentTarget.checked })}
        />{' '}
        {t('settingQuietHours')}
      </label>
      <span class="quiet-times">
        <label for={`${id}-start`}>{t('quietFrom')}</label>{' '}
        <input
          id={`${id}-start`}
          type="time"
          value={value.start}
          disabled={!value.enabled}
          onChange={(e) => e.currentTarget.value && onChange({ ...value, start: e.currentTarget.value })}
        />{' '}
        <label for={`${id}-end`}>{t('quietUntil')}</label>{' '}
        <input
          id={`${id}-end`}
          type="time"
          value={value.end}
          disabled={!value.enabled}
          onChange={(e) => e.currentTarget.value && onChange({ ...value, end: e.currentTarget.value })}
        />
      </span>
    </fieldset>
  );
}
