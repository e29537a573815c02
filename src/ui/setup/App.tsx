import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { BridgeStep } from './BridgeStep';
import { useSetupState } from './use-setup-state';

const STEPS = ['bridge', 'account', 'done'] as const;
/** PRIVACY.md, copied into the extension at build time (wxt.config.ts). */
const PRIVACY_PATH = '/PRIVACY.txt';

/**
 * The first-run page: what the bridge is and why, then install the bridge → add an account →
 * done. It opens on install and from the popup whenever the bridge is missing or too old, and
 * moves on by itself (use-setup-state.ts).
 */
export function SetupApp() {
  const { status, os, arch, firefox, step } = useSetupState();
  const current = step === 'update-bridge' || step === 'update-extension' ? 'bridge' : step;
  return (
    <main data-current-step={step}>
      <h1>{t('setupTitle')}</h1>
      <section class="about">
        <p>{t('setupWhatBridge')}</p>
        <p>{t('setupWhatStored')}</p>
        <p>
          <a href={browser.runtime.getURL(PRIVACY_PATH as '/')} target="_blank">
            {t('setupPrivacyLink')}
          </a>
        </p>
      </section>
      <ol class="steps">
        {STEPS.map((s) => (
          <li key={s} aria-current={s === current ? 'step' : undefined}>
            {t(s === 'bridge' ? 'setupStepBridge' : s === 'account' ? 'setupStepAccount' : 'setupStepDone')}
          </li>
        ))}
      </ol>
      {(step === 'bridge' || step === 'update-bridge') && (
        <BridgeStep os={os} arch={arch} update={step === 'update-bridge'} />
      )}
      {step === 'update-extension' && (
        <section data-step="update-extension" role="alert">
          <h2>{t('setupNewerBridgeTitle')}</h2>
          <p>{t('setupNewerBridge', [status?.state === 'incompatible' ? (status.bridgeVersion ?? '?') : '?'])}</p>
        </section>
      )}
      {step === 'account' && (
        <section data-step="account">
          <h2>{t('setupAccountTitle')}</h2>
          <p>{t('setupAccountIntro', [status?.state === 'connected' ? status.bridgeVersion : ''])}</p>
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('setupOpenOptions')}
          </button>
        </section>
      )}
      {step === 'done' && (
        <section data-step="done">
          <h2>{t('setupDoneTitle')}</h2>
          <p>{firefox ? t('setupDoneFirefox') : t('setupDoneChrome')}</p>
        </section>
      )}
    </main>
  );
}
