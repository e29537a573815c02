import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { MessageAction } from '../../protocol/model';
import type { MessageView } from '../../store/queries';
import { t, type MessageKey } from '../i18n';
import { isFlagged, supportedActions } from './account-features';
import { BridgeState } from './BridgeState';
import { Header } from './Header';
import type { Command } from './keyboard';
import { LIST_LIMIT, storeSource, type MailFilter, type MailSource } from './mail-source';
import { MessageList, type ToggleHow } from './MessageList';
import { OlderMail } from './OlderMail';
import { openOptions } from './open-options';
import { Reader } from './Reader';
import { chosen, EMPTY_SELECTION, extendTo, selectAll, toggle, type Selection } from './selection';
import { SelectionBar } from './SelectionBar';
import { isStale, StatusBanners } from './StatusBanners';
import { useBridgeStatus } from './use-bridge-status';
import { useMailData } from './use-mail-data';
import { flagToggle, readToggle, useMessageActions } from './use-message-actions';
import { useOlder } from './use-older';
import { usePopupKeys } from './use-popup-keys';
import { useReader } from './use-reader';

export interface AppProps {
  /** Where the data comes from (IndexedDB by default). */
  source?: MailSource;
  /** How long a delete, archive or junk can be undone (ms); the background holds it back that long. */
  undoMs?: number;
  /** The header's "New message" button, when the extension can send mail. */
  compose?: ComponentChildren;
}

const defaultSource = storeSource();

const UNDO_TEXT: Record<'delete' | 'archive' | 'junk', [MessageKey, MessageKey]> = {
  delete: ['deleted', 'deletedMany'],
  archive: ['archived', 'archivedMany'],
  junk: ['junked', 'junkedMany'],
};

/** The popup: header, unread list with row actions and selection, the reader, and the states around them. */
export function App({ source = defaultSource, undoMs, compose }: AppProps) {
  const bridge = useBridgeStatus();
  const [filter, setFilter] = useState<MailFilter>({ includeRead: false, limit: LIST_LIMIT });
  const { data, error } = useMailData(source, filter);
  const [currentKey, setCurrentKey] = useState<string | undefined>();
  const [focusList, setFocusList] = useState(false);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [notice, setNotice] = useState<string | undefined>();
  const [refreshing, setRefreshing] = useState(false);
  const reader = useReader(source, data?.messages);
  const accountOf = (id: string) => data?.accounts.find((a) => a.id === id);
  const showFailure = (e: unknown) => setNotice(t('actionFailed', e instanceof Error ? e.message : String(e)));

  const { act, removal, gone, undo } = useMessageActions({
    accountOf,
    onError: showFailure,
    onLeave: (keys) => moveOn(keys),
    undoMs,
  });
  const messages = useMemo(() => (data?.messages ?? []).filter((m) => !gone.has(m.key)), [data, gone]);
  const order = messages.map((m) => m.key);
  const current = currentKey && order.includes(currentKey) ? currentKey : order[0];
  const checked = chosen(selection, order);
  const selected = messages.filter((m) => selection.keys.has(m.key));

  const scope = data?.totals.accounts.filter((a) => filter.accountId === undefined || a.accountId === filter.accountId);
  const older = useOlder({
    accountId: filter.accountId,
    rows: data?.messages.length ?? 0,
    limit: filter.limit ?? LIST_LIMIT,
    listedUnread: messages.filter((m) => m.unread).length,
    totalUnread: (scope ?? []).reduce((n, a) => n + a.unread, 0),
    setLimit: (update) => setFilter((f) => ({ ...f, limit: update(f.limit ?? LIST_LIMIT) })),
    onError: showFailure,
  });

  const open = (key: string) => {
    setCurrentKey(key);
    reader.setOpenKey(key);
    setFocusList(false);
  };
  const closeReader = () => {
    reader.setOpenKey(undefined);
    setFocusList(true);
  };
  /** After messages leave the list, the row after them becomes current and the list has focus. */
  function moveOn(keys: readonly string[]) {
    const gone = new Set(keys);
    const last = Math.max(...keys.map((k) => order.indexOf(k)));
    const rest = order.filter((k) => !gone.has(k));
    const next = order.slice(last + 1).find((k) => !gone.has(k)) ?? rest[rest.length - 1];
    setCurrentKey(next);
    setSelection(EMPTY_SELECTION);
    if (reader.openKey) closeReader();
    else setFocusList(true);
  }
  const onToggle = (key: string, how: ToggleHow) => {
    setSelection((s) => (how === 'range' ? extendTo(s, key, order) : toggle(s, key)));
    setCurrentKey(key);
  };
  const undoRemoval = async () => {
    const keys = removal.pending?.keys ?? [];
    try {
      const { restored, of } = await undo();
      if (restored < of) setNotice(t('undoTooLate'));
      if (restored === 0) return;
    } catch (e) {
      return showFailure(e);
    }
    if (keys.length && !reader.openKey) {
      setCurrentKey(keys[0]);
      setFocusList(true);
    }
  };
  const refresh = async () => {
    setRefreshing(true);
    try {
      await sendToBackground('refresh', filter.accountId === undefined ? {} : { accountId: filter.accountId });
    } catch (e) {
      showFailure(e);
    } finally {
      setRefreshing(false);
    }
  };

  const run = (command: Command, key: string): boolean => {
    const target = reader.openKey ? reader.opened : messages.find((m) => m.key === current);
    const targets: MessageView[] = !reader.openKey && selected.length > 0 ? selected : target ? [target] : [];
    switch (command) {
      case 'next':
      case 'prev': {
        if (reader.openKey && key.startsWith('Arrow')) return false; // arrows scroll the reader
        const index = Math.max(0, order.indexOf(reader.openKey ?? current ?? ''));
        const next = order[Math.min(order.length - 1, Math.max(0, index + (command === 'next' ? 1 : -1)))];
        if (!next) return true;
        if (reader.openKey) open(next);
        else {
          setCurrentKey(next);
          setFocusList(true);
        }
        return true;
      }
      case 'open':
        if (!reader.openKey && current) open(current);
        return !reader.openKey && !!current;
      case 'back':
        if (reader.openKey) closeReader();
        else if (selection.keys.size > 0) setSelection(EMPTY_SELECTION);
        else return false;
        return true;
      case 'toggleSelect':
        if (reader.openKey || !current) return false;
        onToggle(current, 'toggle');
        return true;
      case 'selectAll':
        if (reader.openKey || order.length === 0) return false;
        setSelection(selectAll(order));
        return true;
      case 'toggleRead':
        act(targets, readToggle(targets));
        return targets.length > 0;
      case 'toggleFlag':
        act(targets, flagToggle(targets));
        return targets.length > 0;
      default:
        act(targets, command);
        return targets.length > 0;
    }
  };
  usePopupKeys(run);

  if (!data) {
    return (
      <main class="popup">
        <p role="status" class="loading">
          {error ? t('loadFailed', error) : t('loading')}
        </p>
        <BridgeState status={bridge} />
      </main>
    );
  }
  const connected = bridge?.state === 'connected';
  const stale = isStale(bridge, data.accounts);
  const bridgeState = <BridgeState status={bridge} />;
  const openMessage = reader.openKey ? reader.openMessage : undefined;
  const now = Date.now();

  return (
    <div class="popup">
      {!connected && bridgeState}
      {data.accounts.length > 0 && !openMessage && (
        <Header
          totals={data.totals}
          accounts={data.accounts}
          accountId={filter.accountId}
          onSelectAccount={(accountId) => {
            setSelection(EMPTY_SELECTION);
            setFilter((f) => ({ ...f, accountId, limit: LIST_LIMIT }));
          }}
          refreshing={refreshing}
          onRefresh={() => void refresh()}
          pausedUntil={data.settings.notificationsPausedUntil}
          now={now}
          onPause={(until) =>
            void sendToBackground('settings.update', { notificationsPausedUntil: until }).catch(showFailure)
          }
          onSettings={() => void openOptions()}
          compose={compose}
        >
          <StatusBanners
            bridge={bridge}
            accounts={data.accounts}
            mailboxes={data.mailboxes}
            now={now}
            onFix={(id) => void openOptions(id)}
            onPurge={(accountId, mailbox) =>
              void sendToBackground('mailbox.purge', { accountId, mailbox }).catch(showFailure)
            }
          />
        </Header>
      )}
      {notice && (
        <p class="banner error" role="alert">
          {notice}
        </p>
      )}
      {data.accounts.length === 0 ? (
        <main class="no-accounts">
          <p>{t('noAccounts')}</p>
          <button type="button" class="primary" onClick={() => void openOptions()}>
            {t('addAccount')}
          </button>
        </main>
      ) : openMessage ? (
        <main>
          <Reader
            message={openMessage}
            account={accountOf(openMessage.accountId)}
            onBack={closeReader}
            onAction={(action: MessageAction) => act([openMessage], action)}
          />
        </main>
      ) : (
        <main>
          {checked.length > 0 && (
            <SelectionBar
              count={checked.length}
              state={{
                unread: selected.some((m) => m.unread),
                flagged: selected.length > 0 && selected.every((m) => isFlagged(m.flags)),
                supported: new Set(selected.flatMap((m) => [...supportedActions(accountOf(m.accountId))])),
              }}
              onAction={(action) => act(selected, action)}
              onClear={() => setSelection(EMPTY_SELECTION)}
            />
          )}
          <MessageList
            messages={messages}
            currentKey={current}
            focusCurrent={focusList}
            checked={new Set(checked)}
            showAccount={data.accounts.length > 1}
            accountLabel={(id) => accountOf(id)?.label || id}
            stale={stale}
            now={now}
            onCurrent={setCurrentKey}
            onOpen={open}
            onToggle={onToggle}
            actionState={(m) => ({
              unread: m.unread === 1,
              flagged: isFlagged(m.flags),
              supported: supportedActions(accountOf(m.accountId)),
            })}
            onRowAction={(m, action) => act([m], action)}
          />
          {!filter.includeRead && (
            <OlderMail
              listed={messages.filter((m) => m.unread).length}
              total={(scope ?? []).reduce((n, a) => n + a.unread, 0)}
              canLoad={older.canLoad}
              loading={older.loading}
              exhausted={older.exhausted}
              onLoad={() => void older.load()}
            />
          )}
        </main>
      )}
      {removal.pending && (
        <div class="undo" role="status">
          {removal.pending.keys.length === 1
            ? t(UNDO_TEXT[removal.pending.action][0])
            : t(UNDO_TEXT[removal.pending.action][1], String(removal.pending.keys.length))}{' '}
          <button type="button" onClick={() => void undoRemoval()}>
            {t('undo')}
          </button>
        </div>
      )}
      <footer class="bar">
        {data.accounts.length > 0 && !openMessage && (
          <>
            <label>
              <input
                type="checkbox"
                checked={filter.includeRead}
                onChange={(e) => setFilter((f) => ({ ...f, includeRead: e.currentTarget.checked }))}
              />{' '}
              {t('showRead')}
            </label>
            <button
              type="button"
              disabled={!data.messages.some((m) => m.unread)}
              onClick={() =>
                void sendToBackground('markAllRead', { accountId: filter.accountId }).catch(() =>
                  setNotice(t('actionFailed', '')),
                )
              }
            >
              {filter.accountId ? t('markAllReadAccount') : t('markAllRead')}
            </button>
          </>
        )}
        {data.accounts.length === 0 && (
          <button type="button" class="link" onClick={() => void openOptions()}>
            {t('settings')}
          </button>
        )}
        {connected && bridgeState}
      </footer>
    </div>
  );
}
