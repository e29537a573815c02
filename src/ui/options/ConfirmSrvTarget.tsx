import type { AutodetectCandidate } from '../../protocol/autodetect';
import { t } from '../i18n';

interface Props {
  candidate: AutodetectCandidate;
  /** The domain of the address the user typed. */
  domain: string;
  onUse: () => void;
  onDismiss: () => void;
}

/**
 * RFC 6186 §6: the address's DNS points its mail at a server outside that domain. Whoever
 * controls (or spoofs) that DNS would get the password, so the settings are applied only when
 * the user says the server is really their provider's.
 */
export function ConfirmSrvTarget({ candidate, domain, onUse, onDismiss }: Props) {
  const { host, port } = candidate.settings;
  return (
    <section class="banner warn" role="alert" data-testid="srv-outside-domain">
      <p>{t('srvOutsideDomain', [domain, `${host}${port ? `:${port}` : ''}`])}</p>
      <button type="button" onClick={onUse}>
        {t('srvUseServer', host)}
      </button>{' '}
      <button type="button" onClick={onDismiss}>
        {t('srvDoNotUse')}
      </button>
    </section>
  );
}
