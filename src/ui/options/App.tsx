import { useEffect, useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { AccountView } from '../../protocol/model';
import { t } from '../i18n';
import { useBridgeStatus } from '../popup/use-bridge-status';
import { AccountForm } from './AccountForm';
import { AccountsList } from './AccountsList';
import { BridgePanel } from './BridgePanel';
import { GlobalSettings } from './GlobalSettings';
import { storeOptionsSource, type OptionsData, type OptionsSource } from './options-source';

type Editing = { mode: 'add' } | { mode: 'edit'; accountId: string } | undefined;

/** `#/add` opens the add form, `#/account/<id>` the edit form of that account (popup "Fix"). */
function editingFromHash(hash: string): Editing {
  if (hash === '#/add') return { mode: 'add' };
  const match = /^#\/account\/(.+)$/.exec(hash);
  return match?.[1] ? { mode: 'edit', accountId: decodeURIComponent(match[1]) } : undefined;
}

const defaultSource = storeOptionsSource();

/** The options page: bridge state and doctor, accounts (add/edit/remove), global settings. */
export function OptionsApp({ source = defaultSource }: { source?: OptionsSource }) {
  const bridge = useBridgeStatus();
  const [data, setData] = useState<OptionsData>();
  const [editing, setEditing] = useState<Editing>(() => editingFromHash(location.hash));
  const [confirmRemove, setConfirmRemove] = useState<AccountView>();
  const [notice, setNotice] = useState<{ kind: 'error' | 'info'; text: string }>();

  useEffect(() => {
    let live = true;
    const reload = () => void source.load().then((d) => live && setData(d));
    reload();
    const off = source.subscribe(reload);
    return () => {
      live = false;
      off();
    };
  }, [source]);

  /** The bridge answered before IndexedDB caught up: show its account at once. */
  const merge = (account: AccountView) =>
    setData((d) => d && { ...d, accounts: [...d.accounts.filter((a) => a.id !== account.id), account] });

  const remove = async (account: AccountView) => {
    setConfirmRemove(undefined);
    try {
      await sendToBackground('account.remove', { accountId: account.id });
      setData((d) => d && { ...d, accounts: d.accounts.filter((a) => a.id !== account.id) });
      setNotice({ kind: 'info', text: t('accountRemoved', account.label || account.user) });
    } catch (e) {
      setNotice({ kind: 'error', text: t('requestFailed', e instanceof Error ? e.message : String(e)) });
    }
  };

  const editedAccount = editing?.mode === 'edit' ? data?.accounts.find((a) => a.id === editing.accountId) : undefined;
  const closeForm = () => {
    setEditing(undefined);
    if (location.hash) history.replaceState(null, '', location.pathname);
  };

  return (
    <div class="options">
      <h1>{t('optionsTitle')}</h1>
      <BridgePanel status={bridge} />
      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{t('accountsHeading')}</h2>
        {notice && (
          <p class={`banner ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
        {!data ? (
          <p role="status">{t('loading')}</p>
        ) : (
          <AccountsList
            accounts={data.accounts}
            onEdit={(a) => setEditing({ mode: 'edit', accountId: a.id })}
            onRemove={setConfirmRemove}
          />
        )}
        {confirmRemove && (
          <div class="banner warn" role="alertdialog" aria-labelledby="confirm-remove-text">
            <p id="confirm-remove-text">{t('confirmRemove', confirmRemove.label || confirmRemove.user)}</p>
            <button type="button" class="danger" onClick={() => void remove(confirmRemove)}>
              {t('removeAccount')}
            </button>{' '}
            <button type="button" onClick={() => setConfirmRemove(undefined)}>
              {t('cancel')}
            </button>
          </div>
        )}
        {!editing && (
          <button type="button" class="primary" onClick={() => setEditing({ mode: 'add' })}>
            {t('addAccount')}
          </button>
        )}
        {editing && (editing.mode === 'add' || editedAccount) && (
          <AccountForm
            key={editing.mode === 'add' ? 'new' : editing.accountId}
            account={editedAccount}
            onCancel={closeForm}
            onSaved={(account) => {
              merge(account);
              setNotice({ kind: 'info', text: t('accountSaved', account.label || account.user) });
              closeForm();
            }}
          />
        )}
      </section>
      {data && <GlobalSettings settings={data.settings} accounts={data.accounts} />}
    </div>
  );
}
