import type { BridgeStatus } from '../../messaging/bridge-status';
import { INSTALL_COMMAND } from '../install-command';
import { t } from '../i18n';

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
          <p>{t('bridgeMissing')}</p>
          <code data-testid="install-command">{INSTALL_COMMAND}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard.writeText(INSTALL_COMMAND)}>
            {t('copy')}
          </button>
        </section>
      );
    case 'incompatible':
      return (
        <p role="alert" data-state="incompatible">
          {t('bridgeIncompatible', [status.detail])}
        </p>
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
