import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { BridgeStatus } from '../../messaging/bridge-status';
import type { RuntimeResult } from '../../messaging/map';
import { sendToBackground } from '../../messaging/client';
import { t } from '../i18n';
import { BridgeState } from '../popup/BridgeState';

/** The bridge's state (with the install command when it is missing) and its `doctor` report. */
export function BridgePanel({ status }: { status: BridgeStatus | undefined }) {
  const [report, setReport] = useState<RuntimeResult<'doctor'>>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const runDoctor = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await sendToBackground('doctor', {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="bridge-heading">
      <h2 id="bridge-heading">{t('bridgeHeading')}</h2>
      <BridgeState status={status} />
      <button type="button" onClick={() => void runDoctor()} disabled={busy || status?.state !== 'connected'}>
        {t('runDoctor')}
      </button>
      {error && (
        <p class="banner error" role="alert">
          {t('requestFailed', error)}
        </p>
      )}
      {report && (
        <dl class="doctor" aria-label={t('doctorReport')} data-testid="doctor-report">
          <dt>{t('doctorBridgeVersion')}</dt>
          <dd>{report.bridgeVersion}</dd>
          <dt>{t('doctorNodeVersion')}</dt>
          <dd>{report.nodeVersion}</dd>
          <dt>{t('doctorConfigDir')}</dt>
          <dd>
            <code>{report.configDir}</code> {report.configDirMode && <span class="hint">({report.configDirMode})</span>}
          </dd>
          <dt>{t('doctorSecretStore')}</dt>
          <dd>{t(report.secretStore === 'keyring' ? 'secretKeyring' : 'secretFile')}</dd>
          {report.browsers.map((b) => (
            <Fragment key={b.browser}>
              <dt>{b.browser}</dt>
              <dd>
                {b.registered ? t('doctorRegistered') : t('doctorNotRegistered')} <code>{b.path}</code>
                {b.problems?.map((problem) => (
                  <p key={problem} class="hint" role="status">
                    {problem}
                  </p>
                ))}
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
    </section>
  );
}
