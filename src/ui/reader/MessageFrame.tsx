import { useMemo } from 'preact/hooks';
import { t } from '../i18n';
import { sanitizeMailHtml } from './sanitize';
import { buildSrcdoc } from './srcdoc';

interface Props {
  html: string;
  loadImages: boolean;
  onLoadImages: () => void;
}

/**
 * Sanitized HTML mail in a sandboxed frame: no `allow-scripts`, no `allow-same-origin` (an
 * opaque origin that cannot touch the extension), popups allowed only so links open in a tab.
 */
export function MessageFrame({ html, loadImages, onLoadImages }: Props) {
  const clean = useMemo(() => sanitizeMailHtml(html, { loadImages }), [html, loadImages]);
  const srcdoc = useMemo(() => buildSrcdoc(clean.html, clean.imageOrigins, t('linkGoesElsewhere')), [clean]);
  return (
    <>
      {clean.remoteImages > 0 && !loadImages && (
        <p class="banner info" role="status">
          {t('imagesBlocked', String(clean.remoteImages))}{' '}
          <button type="button" onClick={onLoadImages}>
            {t('loadImages')}
          </button>
        </p>
      )}
      {clean.remoteRemoved > 0 && (
        <p class="banner info" role="note" data-testid="remote-removed">
          {t('remoteRemoved', String(clean.remoteRemoved))}
        </p>
      )}
      <iframe
        class="message-frame"
        data-testid="message-frame"
        title={t('messageContent')}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerpolicy="no-referrer"
        srcdoc={srcdoc}
      />
    </>
  );
}
