import type { AccountTotal } from '../../store/queries';
import { accountColour } from '../format';
import { t } from '../i18n';

interface Props {
  accounts: AccountTotal[];
  total: number;
  selected: string | undefined;
  onSelect: (accountId: string | undefined) => void;
}

/** Filter chips: "All" and one per account, each with its unread count. */
export function AccountChips({ accounts, total, selected, onSelect }: Props) {
  if (accounts.length < 2) return null;
  return (
    <div class="chips" role="group" aria-label={t('accountFilterLabel')}>
      <button type="button" class="chip" aria-pressed={selected === undefined} onClick={() => onSelect(undefined)}>
        {t('allAccounts')} <span class="count">{total}</span>
      </button>
      {accounts.map((a) => (
        <button
          key={a.accountId}
          type="button"
          class="chip"
          aria-pressed={selected === a.accountId}
          onClick={() => onSelect(a.accountId)}
        >
          <span class="dot" style={{ background: accountColour(a.accountId) }} aria-hidden="true" />
          {a.label} <span class="count">{a.unread}</span>
        </button>
      ))}
    </div>
  );
}
