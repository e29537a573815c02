import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import './older-mail.css';

interface Props {
  /** Unread rows the list shows. */
  listed: number;
  /** Unread messages on the servers (of the chosen account, or all). */
  total: number;
  canLoad: boolean;
  loading: boolean;
  /** The last page brought nothing: say so instead of offering more. */
  exhausted: boolean;
  onLoad: () => void;
}

/**
 * Below the list: how many unread messages are listed against how many there are, and "Show
 * older", which also runs by itself when the user scrolls down to it.
 */
export function OlderMail({ listed, total, canLoad, loading, exhausted, onLoad }: Props) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const onLoadRef = useRef(onLoad);
  onLoadRef.current = onLoad;
  useEffect(() => {
    const button = buttonRef.current;
    if (!button || loading || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoadRef.current();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [canLoad, loading]);
  if (total <= 0 && listed <= 0) return null;
  return (
    <div class="older">
      <p class="listed-count" data-testid="listed-count">
        {t('listedOfUnread', [String(listed), String(total)])}
      </p>
      {exhausted && <p>{t('noOlder')}</p>}
      {canLoad && (
        <button type="button" ref={buttonRef} disabled={loading} aria-busy={loading} onClick={onLoad}>
          {loading ? t('loadingOlder') : t('showOlder')}
        </button>
      )}
    </div>
  );
}
