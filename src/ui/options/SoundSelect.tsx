import { SOUND_NAMES, type SoundName } from '../../store/quiet-hours';
import { t, type MessageKey } from '../i18n';

interface Props {
  id: string;
  label: string;
  value: SoundName | undefined;
  /** Offer "the same as for all accounts" (undefined) first. */
  inherit?: boolean;
  onChange: (name: SoundName | undefined) => void;
}

/** Which of the new-mail sounds plays. */
export function SoundSelect({ id, label, value, inherit, onChange }: Props) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => {
          const picked = SOUND_NAMES.find((n) => n === e.currentTarget.value);
          onChange(picked);
        }}
      >
        {inherit && <option value="">{t('soundSameAsAll')}</option>}
        {SOUND_NAMES.map((n) => (
          <option key={n} value={n}>
            {t(`sound_${n}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
}
