import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

interface Props {
  /** Whether the list (not the reader, not the no-account view) is shown. */
  listShown: boolean;
  hasAccounts: boolean;
  includeRead: boolean;
  onIncludeRead: (on: boolean) => void;
  canMarkAllRead: boolean;
  /** Label says "this account" when the list is filtered to one. */
  oneAccount: boolean;
  onMarkAllRead: () => void;
  onSettings: () => void;
  /** The bridge's state line, when connected (it sits at the top otherwise). */
  bridgeState?: ComponentChildren;
}

/** The bar under the list: show read mail, mark all read, and the bridge's state. */
export function FooterBar(props: Props) {
  return (
    <footer class="bar">
      {props.listShown && (
        <>
          <label>
            <input
              type="checkbox"
              checked={props.includeRead}
              onChange={(e) => props.onIncludeRead(e.currentTarget.checked)}
            />{' '}
            {t('showRead')}
          </label>
          <button type="button" disabled={!props.canMarkAllRead} onClick={props.onMarkAllRead}>
            {props.oneAccount ? t('markAllReadAccount') : t('markAllRead')}
          </button>
        </>
      )}
      {!props.hasAccounts && (
        <button type="button" class="link" onClick={props.onSettings}>
          {t('settings')}
        </button>
      )}
      {props.bridgeState}
    </footer>
  );
}
