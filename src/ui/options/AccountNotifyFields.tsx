import type { AccountView } from '../../protocol/model';
import { NO_QUIET_HOURS } from '../../store/quiet-hours';
import type { Settings, SettingsPatch } from '../../store/settings';
import { t } from '../i18n';
import { QuietHoursFields } from './QuietHoursFields';
import { SoundSelect } from './SoundSelect';

interface Props {
  account: AccountView;
  settings: Settings;
  update: (patch: SettingsPatch) => void;
}

/**
 * One account's notifications: its sound (the global switch until set here), which watched
 * folders notify (a folder left out still counts on the badge), and its own quiet hours.
 */
export function AccountNotifyFields({ account, settings, update }: Props) {
  const own = settings.accountNotify[account.id] ?? {};
  const quiet = own.quietFolders ?? [];
  const name = account.label || account.user;
  const setOwn = (next: typeof own) => update({ accountNotify: { ...settings.accountNotify, [account.id]: next } });
  return (
    <fieldset class="account-notify">
      <legend>{t('notificationsFor', name)}</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={own.sound ?? settings.sound}
          onChange={(e) => setOwn({ ...own, sound: e.currentTarget.checked })}
        />{' '}
        {t('accountSound')}
      </label>
      <SoundSelect
        id={`sound-${account.id}`}
        label={t('accountSoundName')}
        value={own.soundName}
        inherit
        onChange={(soundName) => {
          const { soundName: _old, ...rest } = own;
          setOwn(soundName ? { ...rest, soundName } : rest);
        }}
      />
      {account.watchedFolders.length > 1 &&
        account.watchedFolders.map((folder) => (
          <label class="check" key={folder}>
            <input
              type="checkbox"
              checked={!quiet.includes(folder)}
              onChange={(e) =>
                setOwn({
                  ...own,
                  quietFolders: e.currentTarget.checked ? quiet.filter((f) => f !== folder) : [...quiet, folder],
                })
              }
            />{' '}
            {t('notifyForFolder', folder)}
          </label>
        ))}
      <QuietHoursFields
        id={`quiet-${account.id}`}
        label={t('quietHoursAccount', name)}
        value={settings.accountQuietHours[account.id] ?? NO_QUIET_HOURS}
        onChange={(q) => update({ accountQuietHours: { ...settings.accountQuietHours, [account.id]: q } })}
      />
    </fieldset>
  );
}
