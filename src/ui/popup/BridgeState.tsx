import { browser } from 'wxt/browser';
import type { BridgeStatus } from '../../messaging/bridge-status';
import { INSTALL_COMMAND } from '../install-command';
import { t } from '../i18n';
import { bridgeIsNewer } from '../setup/bridge-newer';

/** Opens the first-run setup page in a tab and closes the popup over it. */
function openSetup(): void {
  void browser.tabs.create({ url: browser.runtime.getURL('/setup.html') });
  window.close();
}

function SetupButton() {
  return (
    <button type="button" data-testid="open-setup" onClick={openSetup}>
      {t('bridgeSetupButton')}
    </button>
  );
}

/** Shows whether the bridge is connected, and how to install it when it is missing. */
export function BridgeState({ status }: { status: BridgeStatus | undefined }) {
  if (!status) return <p role="status">{t('bridgeLoading')}</p>;
  switch (status.state) {
    case 'connected':
      return (
        <p role="status" data-state="connected">
          {t('bridgeConnected', [status.bridgeVersion])}
        </p>
      );
    case 'missing':
      return (
        <section role="alert" data-state="missing">
          <p>{t('bridgeMissingWhy')}</p>
          <SetupButton />
          <p>{t('bridgeMissing')}</p>
          <code data-testid="install-command">{INSTALL_COMMAND}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard.writeText(INSTALL_COMMAND)}>
            {t('copy')}
          </button>
        </section>
      );
    case 'incompatible':
      if (bridgeIsNewer(status)) {
        return (
          <p role="alert" data-state="incompatible" data-direction="bridge-newer">
            {t('bridgeNewerThanExtension', [status.bridgeVersion ?? String(status.bridgeProtocol)])}
          </p>
        );
      }
      return (
        <section role="alert" data-state="incompatible" data-direction="bridge-older">
          <p>{t('bridgeUpdateNeeded')}</p>
          <code data-testid="update-command">{INSTALL_COMMAND}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard.writeText(INSTALL_COMMAND)}>
            {t('copy')}
          </button>
          <SetupButton />
        </section>
      );
    case 'connecting':
    case 'reconnecting':
      return (
        <p role="status" data-state={status.state}>
          {t('bridgeReconnecting')}
        </p>
      );
  }
}
