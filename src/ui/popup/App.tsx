import type { ComponentChildren } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { MessageAction, MessageBody } from '../../protocol/model';
import type { MessageView } from '../../store/queries';
import { LazyComposer as Composer } from '../composer/LazyComposer';
import { LazyDraftsBanner as DraftsBanner } from '../composer/LazyDraftsBanner';
import { NewMessageButton } from '../composer/NewMessageButton';
import { openComposer } from '../composer/start-composer';
import { cachedBody } from '../reader/body-cache';
import { t, type MessageKey } from '../i18n';
import { lazyComponent } from '../lazy-component';
import { BridgeState } from './BridgeState';
import { FooterBar } from './FooterBar';
import { Header } from './Header';
import { isComposeCommand } from './keyboard';
import { runCommand } from './list-commands';
import { INITIAL_FILTER, LIST_LIMIT, storeSource, type MailFilter, type MailSource } from './mail-source';
import { MessageList, type ToggleHow } from './MessageList';
import { LazyReader as Reader } from './LazyReader';
import { chosen, EMPTY_SELECTION, extendTo, selectAll, toggle, type Selection } from './selection';
import { isStale } from './stale';
import { useBridgeStatus } from './use-bridge-status';
import { useFirstScreen } from './use-first-screen';
import { useMailData } from './use-mail-data';
import { targetState, toRef, useMessageActions } from './use-message-actions';
import { useOlder } from './use-older';
import { usePopupKeys } from './use-popup-keys';
import { useReader } from './use-reader';

export interface AppProps {
  /** Where the data comes from (IndexedDB by default). */
  source?: MailSource;
  /** How long a delete, archive or junk can be undone (ms); the background holds it back that long. */
  undoMs?: number;
  /** Replaces the header's "New message" button (tests). */
  compose?: ComponentChildren;
}

const defaultSource = storeSource();

/** Opens the options page (its code loads on the click: the popup closes right after). */
const openOptions = (accountId?: string) => import('./open-options').then((m) => m.openOptions(accountId));
/** Shown once rows are selected: its code loads then, not before the list's first paint. */
const SelectionBar = lazyComponent(() => import('./SelectionBar').then((m) => m.SelectionBar));
/**
 * Below the list: not part of the first paint, but loading from the start, alongside the first
 * read of the store, so that it renders with the list in all but the slowest cases.
 */
const OlderMail = lazyComponent(() => import('./OlderMail').then((m) => m.OlderMail));
OlderMail.preload();
/**
 * Account trouble, offline, quota and purge banners: shown in few states, so their code is
 * not part of the first paint either, but loads from the start like OlderMail's.
 */
const StatusBanners = lazyComponent(() => import('./StatusBanners').then((m) => m.StatusBanners));
StatusBanners.preload();

const UNDO_TEXT: Record<'delete' | 'archive' | 'junk', [MessageKey, MessageKey]> = {
  delete: ['deleted', 'deletedMany'],
  archive: ['archived', 'archivedMany'],
  junk: ['junked', 'junkedMany'],
};

/** The popup: header, unread list with row actions and selection, the reader, and the states around them. */
export function App({ source = defaultSource, undoMs, compose: composeButton }: AppProps) {
  const bridge = useBridgeStatus();
  const [filter, setFilter] = useState<MailFilter>(INITIAL_FILTER);
  const { data, error } = useMailData(source, filter);
  const [currentKey, setCurrentKey] = useState<string | undefined>();
  const [focusList, setFocusList] = useState(false);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [notice, setNotice] = useState<string | undefined>();
  const [refreshing, setRefreshing] = useState(false);
  /** The draft being written; the composer replaces the list or the reader while it is open. */
  const [composing, setComposing] = useState<string | undefined>();
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

  const compose = (kind: 'reply' | 'replyAll' | 'forward', m: MessageView, body: MessageBody) => {
    const account = accountOf(m.accountId);
    if (account) void openComposer(kind, account, { ref: toRef(m), body }).then(setComposing, showFailure);
  };
  // A bridge from before sending would answer UNKNOWN_TYPE: offer no composer while one is attached.
  const canSend = bridge?.state !== 'connected' || bridge.capabilities.includes('smtp');
  const writeFrom = () => accountOf(filter.accountId ?? '') ?? data?.accounts[0];

  usePopupKeys((command, key) => {
    if (composing) return false; // the composer has its own keys
    if (isComposeCommand(command)) {
      if (!canSend) return false;
      if (command === 'compose') {
        const account = writeFrom();
        if (account) void openComposer('new', account).then(setComposing, showFailure);
        return !!account;
      }
      const body = reader.openKey ? cachedBody(reader.openKey) : undefined;
      if (!reader.opened || !body) return false;
      compose(command, reader.opened, body);
      return true;
    }
    return runCommand(command, key, {
      reading: reader.opened,
      readerOpen: !!reader.openKey,
      order,
      current,
      rowOf: (k) => messages.find((m) => m.key === k),
      selected,
      open,
      closeReader,
      focusRow: (k) => {
        setCurrentKey(k);
        setFocusList(true);
      },
      toggleRow: (k) => onToggle(k, 'toggle'),
      selectAll: () => setSelection(selectAll(order)),
      clearSelection: () => setSelection(EMPTY_SELECTION),
      act,
    });
  });

  const popupRef = useRef<HTMLDivElement>(null);
  const opensOnThis = filter.accountId === undefined && !filter.includeRead && !reader.openKey && !composing;
  useFirstScreen(!!data || !!error, !!data && opensOnThis, popupRef, messages);

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
    <div class="popup" ref={popupRef}>
      {!connected && bridgeState}
      {data.accounts.length > 0 && !openMessage && !composing && (
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
          pausedUntil={data.pausedUntil}
          now={now}
          onPause={(until) =>
            void sendToBackground('settings.update', { notificationsPausedUntil: until }).catch(showFailure)
          }
          onSettings={() => void openOptions()}
          compose={
            composeButton ?? (canSend ? <NewMessageButton account={writeFrom()} onOpen={setComposing} /> : undefined)
          }
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
      ) : composing ? (
        <main>
          <Composer draftId={composing} accounts={data.accounts} onClose={() => setComposing(undefined)} />
        </main>
      ) : openMessage ? (
        <main>
          <Reader
            message={openMessage}
            account={accountOf(openMessage.accountId)}
            onBack={closeReader}
            onAction={(action: MessageAction) => act([openMessage], action)}
            onCompose={canSend ? (kind, body) => compose(kind, openMessage, body) : undefined}
          />
        </main>
      ) : (
        <main>
          <DraftsBanner onOpen={setComposing} />
          {checked.length > 0 && (
            <SelectionBar
              count={checked.length}
              state={targetState(selected, accountOf)}
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
            actionState={(m) => targetState([m], accountOf)}
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
      <FooterBar
        listShown={data.accounts.length > 0 && !openMessage && !composing}
        hasAccounts={data.accounts.length > 0}
        includeRead={filter.includeRead}
        onIncludeRead={(includeRead) => setFilter((f) => ({ ...f, includeRead }))}
        canMarkAllRead={data.messages.some((m) => m.unread)}
        oneAccount={filter.accountId !== undefined}
        onMarkAllRead={() =>
          void sendToBackground('markAllRead', { accountId: filter.accountId }).catch(() =>
            setNotice(t('actionFailed', '')),
          )
        }
        onSettings={() => void openOptions()}
        bridgeState={connected && bridgeState}
      />
    </div>
  );
}
