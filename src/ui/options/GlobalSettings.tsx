import { useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { AccountView } from '../../protocol/model';
import type { Settings, SettingsPatch } from '../../store/settings';
import { t } from '../i18n';
import { AccountNotifyFields } from './AccountNotifyFields';
import { QuietHoursFields } from './QuietHoursFields';
import { SoundSelect } from './SoundSelect';

type Switch = 'notifications' | 'sound' | 'markReadOnOpen';
const SWITCHES: { key: Switch; label: Parameters<typeof t>[0] }[] = [
  { key: 'notifications', label: 'settingNotifications' },
  { key: 'sound', label: 'settingSound' },
  { key: 'markReadOnOpen', label: 'settingMarkReadOnOpen' },
];

/**
 * Global switches; each change is saved at once through the background. The change shows at once
 * (a local override on top of the stored settings) so a re-render before the store's change
 * notification arrives cannot flip a checkbox back; a failed save drops the override again.
 */
export function GlobalSettings({ settings, accounts = [] }: { settings: Settings; accounts?: AccountView[] }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState<SettingsPatch>({});
  const shown = { ...settings, ...pending };
  const update = (patch: SettingsPatch) => {
    setPending((p) => ({ ...p, ...patch }));
    return sendToBackground('settings.update', patch).then(
      () => setError(undefined),
      (e: unknown) => {
        setPending((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !(k in patch))));
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  return (
    <section aria-labelledby="global-heading">
      <h2 id="global-heading">{t('globalSettings')}</h2>
      {SWITCHES.map(({ key, label }) => (
        <label class="check" key={key}>
          <input
            type="checkbox"
            checked={shown[key]}
            onChange={(e) => void update({ [key]: e.currentTarget.checked })}
          />{' '}
          {t(label)}
        </label>
      ))}
      <div class="field">
        <label for="badgeColor">{t('settingBadgeColor')}</label>
        <input
          id="badgeColor"
          type="color"
          value={shown.badgeColor}
          onChange={(e) => void update({ badgeColor: e.currentTarget.value })}
        />
      </div>
      <SoundSelect
        id="sound-name"
        label={t('settingSoundName')}
        value={shown.soundName}
        onChange={(soundName) => soundName && void update({ soundName })}
      />
      <QuietHoursFields
        id="quiet-all"
        label={t('quietHoursAll')}
        value={shown.quietHours}
        onChange={(quietHours) => void update({ quietHours })}
      />
      {accounts.map((a) => (
        <AccountNotifyFields key={a.id} account={a} settings={shown} update={(patch) => void update(patch)} />
      ))}
      <small class="hint">{t('quietHoursHint')}</small>
      {error && (
        <p class="banner error" role="alert">
          {t('requestFailed', error)}
        </p>
      )}
    </section>
  );
}
