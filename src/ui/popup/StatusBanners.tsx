import type { BridgeStatus } from '../../messaging/bridge-status';
import type { AccountView } from '../../protocol/model';
import { quotaNearFull } from '../../protocol/rules/quota';
import type { MailboxRecord } from '../../store/schema';
import { formatSize, relativeTime } from '../format';
import { t } from '../i18n';
import { webmailHome } from './account-features';
import { isStale } from './stale';

interface Props {
  bridge: BridgeStatus | undefined;
  accounts: AccountView[];
  mailboxes: MailboxRecord[];
  now: number;
  onFix: (accountId: string) => void;
  /** Expunge the messages marked \Deleted in one mailbox (`mailbox.purge`). */
  onPurge: (accountId: string, mailbox: string) => void;
}

/** What each account needing the user says. */
const FIX_TEXT = {
  authFailed: 'authFailedFor',
  signInRequired: 'signInRequiredFor',
  tlsUntrusted: 'tlsUntrustedFor',
} as const;

/**
 * Accounts whose sign-in or certificate needs the user, offline data, nearly full mailboxes, and
 * mailboxes holding messages marked deleted that wait for a purge (left by "mark only" deletes,
 * another mail program, or a server without UIDPLUS, where the bridge never expunges more than
 * the user deleted).
 */
export function StatusBanners({ bridge, accounts, mailboxes, now, onFix, onPurge }: Props) {
  const needsFix = accounts.filter(
    (a) => a.state === 'authFailed' || a.state === 'signInRequired' || a.state === 'tlsUntrusted',
  );
  const stale = isStale(bridge, accounts);
  const lastSync = mailboxes.reduce((max, m) => Math.max(max, m.syncedAt), 0);
  const full = mailboxes.filter((m) => m.quota && quotaNearFull(m.quota.usage, m.quota.limit));
  const label = (id: string) => {
    const a = accounts.find((x) => x.id === id);
    return a?.label || a?.user || id;
  };
  return (
    <>
      {needsFix.map((a) => (
        <section key={a.id} class="banner error" role="alert" data-state={a.state}>
          <p>
            {t(FIX_TEXT[a.state as keyof typeof FIX_TEXT], a.label || a.user)}
            {a.stateDetail && <span class="detail"> — {a.stateDetail}</span>}
          </p>
          {/* The popup closes when a tab opens: the sign-in runs on the options page it opens. */}
          <button type="button" onClick={() => onFix(a.id)}>
            {t(a.state === 'signInRequired' ? 'signInAgain' : 'fixAccount')}
          </button>
        </section>
      ))}
      {stale && accounts.length > 0 && (
        <p class="banner warn" role="status" data-state="offline">
          {lastSync > 0 ? t('offlineSince', relativeTime(new Date(lastSync).toISOString(), now)) : t('offline')}
        </p>
      )}
      {full.map((m) => {
        // The fix for a full mailbox is deleting mail, which the account's webmail does best.
        const webmail = webmailHome(accounts.find((a) => a.id === m.accountId));
        return (
          <p key={`${m.accountId}/${m.path}`} class="banner warn" role="alert" data-state="quota">
            {t('quotaNearFull', [label(m.accountId), formatSize(m.quota!.usage), formatSize(m.quota!.limit)])}
            {webmail && (
              <>
                {' '}
                <a href={webmail} target="_blank" rel="noopener noreferrer">
                  {t('makeRoomInWebmail')}
                </a>
              </>
            )}
          </p>
        );
      })}
      {mailboxes
        .filter((m) => (m.deleted ?? 0) > 0)
        .map((m) => (
          <section key={`purge:${m.accountId}/${m.path}`} class="banner info" role="status" data-state="deleted">
            <button type="button" onClick={() => onPurge(m.accountId, m.path)}>
              {t('purgeDeleted', [String(m.deleted), `${label(m.accountId)} · ${m.name || m.path}`])}
            </button>
          </section>
        ))}
    </>
  );
}
