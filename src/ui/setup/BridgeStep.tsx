import { npxBridgeCommand } from '../../protocol/release';
import { RELEASE_PAGE_URL } from '../../protocol/release-files';
import { t, type MessageKey } from '../i18n';
import { CommandLine } from './CommandLine';
import { installOptions, type Os } from './install-options';

const OPTION_TITLE: Record<'deb' | 'standalone' | 'npx', MessageKey> = {
  deb: 'setupOptionDeb',
  standalone: 'setupOptionStandalone',
  npx: 'setupOptionNpx',
};

/** Step 1: the install options for this OS, each with its exact command. */
export function BridgeStep({ os, arch, update }: { os: Os; arch: string; update: boolean }) {
  return (
    <section data-step="bridge">
      <h2>{update ? t('setupUpdateTitle') : t('setupBridgeTitle')}</h2>
      <p>{update ? t('setupUpdateIntro') : t('setupBridgeIntro')}</p>
      {installOptions(os, arch).map((option) => (
        <div class="option" data-option={option.id} key={option.id}>
          <h3>{t(OPTION_TITLE[option.id])}</h3>
          {option.file && (
            <p>
              {RELEASE_PAGE_URL ? (
                <a href={RELEASE_PAGE_URL} target="_blank" rel="noopener noreferrer">
                  {t('setupDownload', [option.file])}
                </a>
              ) : (
                t('setupDownload', [option.file])
              )}
            </p>
          )}
          <CommandLine command={option.command} testId={option.id === 'npx' ? 'setup-npx-command' : undefined} />
        </div>
      ))}
      <p role="status" data-testid="setup-waiting">
        {t('setupWaiting')}
      </p>
      <p class="note">{t('setupSandboxNote')}</p>
      <p class="note">{t('setupDoctorHint', [npxBridgeCommand('doctor')])}</p>
    </section>
  );
}
