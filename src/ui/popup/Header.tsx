import type { ComponentChildren } from 'preact';
import type { AccountView } from '../../protocol/model';
import type { UnreadTotals } from '../../store/queries';
import { t } from '../i18n';
import { AccountChips } from './AccountChips';
import { Icon } from './icons';
import { PauseMenu } from './PauseMenu';
import { webmailHome } from './account-features';

interface Props {
  totals: UnreadTotals;
  accounts: AccountView[];
  /** The account the list is filtered to; all when undefined. */
  accountId: string | undefined;
  onSelectAccount: (accountId: string | undefined) => void;
  refreshing: boolean;
  onRefresh: () => void;
  pausedUntil: number;
  now: number;
  onPause: (until: number) => void;
  onSettings: () => void;
  /**
   * The "New message" button, when the extension can send mail: the header keeps its place
   * first among the actions and renders whatever it is given there.
   */
  compose?: ComponentChildren;
  /** Account trouble and quota warnings, each with its one-click fix (StatusBanners). */
  children?: ComponentChildren;
}

/**
 * The popup's header: unread total (of the chosen account, or all), the actions (new message,
 * refresh, the account's webmail, pause notifications, settings), the account chips with their
 * colours and counts, and the banners for accounts that need the user.
 */
export function Header(props: Props) {
  const { totals, accountId } = props;
  const chosen = accountId === undefined ? undefined : totals.accounts.find((a) => a.accountId === accountId);
  const unread = chosen ? chosen.unread : totals.total;
  const account =
    accountId === undefined
      ? props.accounts.length === 1
        ? props.accounts[0]
        : undefined
      : props.accounts.find((a) => a.id === accountId);
  const webmail = webmailHome(account);
  return (
    <header class="popup-header">
      <div class="header-top">
        <h1 class="unread-total" data-testid="unread-total">
          {chosen ? t('unreadInAccount', [String(unread), chosen.label]) : t('unreadTotal', String(unread))}
        </h1>
        <div class="header-actions">
          {props.compose}
          <button
            type="button"
            class="icon-button"
            aria-label={t('refresh')}
            title={t('refresh')}
            aria-busy={props.refreshing}
            data-busy={props.refreshing ? 'true' : undefined}
            disabled={props.refreshing}
            onClick={props.onRefresh}
          >
            <Icon name="refresh" />
          </button>
          {webmail && (
            <a
              class="icon-button"
              href={webmail}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t('openWebmail')}
              title={t('openWebmail')}
            >
              <Icon name="webmail" />
            </a>
          )}
          <PauseMenu pausedUntil={props.pausedUntil} now={props.now} onPause={props.onPause} />
          <button
            type="button"
            class="icon-button"
            aria-label={t('settings')}
            title={t('settings')}
            onClick={props.onSettings}
          >
            <Icon name="settings" />
          </button>
        </div>
      </div>
      <AccountChips
        accounts={totals.accounts}
        total={totals.total}
        selected={accountId}
        onSelect={props.onSelectAccount}
      />
      {props.children}
    </header>
  );
}
