import { useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { Settings, SettingsPatch } from '../../store/settings';
import { t } from '../i18n';

/** Global switches; each change is saved at once through the background. */
export function GlobalSettings({ settings }: { settings: Settings }) {
  const [error, setError] = useState<string>();
  const update = (patch: SettingsPatch) =>
    sendToBackground('settings.update', patch).then(
      () => setError(undefined),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <section aria-labelledby="global-heading">
      <h2 id="global-heading">{t('globalSettings')}</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={settings.notifications}
          onChange={(e) => void update({ notifications: e.currentTarget.checked })}
        />{' '}
        {t('settingNotifications')}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={settings.sound}
          onChange={(e) => void update({ sound: e.currentTarget.checked })}
        />{' '}
        {t('settingSound')}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={settings.markReadOnOpen}
          onChange={(e) => void update({ markReadOnOpen: e.currentTarget.checked })}
        />{' '}
        {t('settingMarkReadOnOpen')}
      </label>
      <div class="field">
        <label for="badgeColor">{t('settingBadgeColor')}</label>
        <input
          id="badgeColor"
          type="color"
          value={settings.badgeColor}
          onChange={(e) => void update({ badgeColor: e.currentTarget.value })}
        />
      </div>
      {error && (
        <p class="banner error" role="alert">
          {t('requestFailed', error)}
        </p>
      )}
    </section>
  );
}
