import type { ConnectionReport } from '../../protocol/model';
import { t } from '../i18n';

/** What "Test connection" found: TLS, the certificate, how it logged in, capabilities and folders. */
export function ConnectionReportView({ report }: { report: ConnectionReport }) {
  return (
    <section class="report" role="status" aria-label={t('testResult')} data-testid="connection-report">
      <p class="ok">{t('testSucceeded')}</p>
      <dl>
        <dt>{t('tlsVersion')}</dt>
        <dd>{report.tlsVersion ?? t('noTls')}</dd>
        <dt>{t('certificate')}</dt>
        <dd>
          {report.certFingerprint ? (
            <>
              {report.certVerified ? t('certVerified') : t('certPinned')}{' '}
              <code class="fingerprint">{report.certFingerprint}</code>
            </>
          ) : (
            t('noCertificate')
          )}
        </dd>
        {report.authMechanism && (
          <>
            <dt>{t('loginMechanism')}</dt>
            <dd>{report.authMechanism}</dd>
          </>
        )}
        <dt>{t('capabilities')}</dt>
        <dd>{report.capabilities.join(' ') || '—'}</dd>
        <dt>{t('folders')}</dt>
        <dd>{t('folderCount', String(report.folders.length))}</dd>
      </dl>
    </section>
  );
}

/**
 * A self-signed or unknown-issuer certificate: its fingerprint, how to check it, and the button
 * to pin it (never shown for other failures, see cert-failure.ts).
 */
export function UntrustedCert({ fingerprint, onPin }: { fingerprint: string; onPin: () => void }) {
  return (
    <section class="banner warn" role="alert" data-testid="untrusted-certificate">
      <p>{t('certUntrusted')}</p>
      <p>
        {t('fingerprint')} <code class="fingerprint">{fingerprint}</code>
      </p>
      <p>{t('certCompareFingerprint')}</p>
      <button type="button" onClick={onPin}>
        {t('pinCertificate')}
      </button>
    </section>
  );
}
