import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sendToBackground } from '../../messaging/client';
import type { MessageAction, MessageRef } from '../../protocol/model';
import type { MessageView } from '../../store/queries';
import { t } from '../i18n';
import { supportedActions } from './account-features';
import { AccountChips } from './AccountChips';
import { BridgeState } from './BridgeState';
import { commandFor, type Command } from './keyboard';
import { storeSource, type MailFilter, type MailSource } from './mail-source';
import { MessageList } from './MessageList';
import { openOptions } from './open-options';
import { LazyReader as Reader } from './LazyReader';
import { isStale, StatusBanners } from './StatusBanners';
import { useBridgeStatus } from './use-bridge-status';
import { useUndoableDelete } from './use-undoable-delete';
import { useMailData } from './use-mail-data';
import { Composer } from '../composer/Composer';
import { DraftsBanner } from '../composer/DraftsBanner';
import { NewMessageButton } from '../composer/NewMessageButton';
import { openComposer } from '../composer/open-composer';
import { cachedBody } from '../reader/use-message-body';
import type { MessageBody } from '../../protocol/model';

export interface AppProps {
  /** Where the data comes from (IndexedDB by default). */
  source?: MailSource;
  /** How long a delete can be undone (ms); the background holds it back that long. */
  undoMs?: number;
}

const defaultSource = storeSource();

function toRef(m: MessageView): MessageRef {
  return { accountId: m.accountId, mailbox: m.mailbox, uidValidity: m.uidValidity, uid: m.uid };
}

/** `#/message/<key>` opens a message directly (notifications link there). */
function keyFromHash(hash: string): string | undefined {
  const match = /^#\/message\/(.+)$/.exec(hash);
  return match?.[1];
}

/** The popup: unread list with filters, the reader, keyboard actions, and the states around them. */
export function App({ source = defaultSource, undoMs }: AppProps) {
  const bridge = useBridgeStatus();
  const [filter, setFilter] = useState<MailFilter>({ includeRead: false });
  const { data, error } = useMailData(source, filter);
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const [focusList, setFocusList] = useState(false);
  const [openKey, setOpenKey] = useState<string | undefined>(() => keyFromHash(location.hash));
  const [openMessage, setOpenMessage] = useState<MessageView | undefined>();
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | undefined>();
  /** The draft being written; the composer replaces the list or the reader while it is open. */
  const [composing, setComposing] = useState<string | undefined>();

  const showFailure = (e: unknown) => setNotice(t('actionFailed', e instanceof Error ? e.message : String(e)));
  const perform = (ref: MessageRef, action: MessageAction) =>
    sendToBackground('performAction', { ref, action }).catch(showFailure);
  const deleter = useUndoableDelete(showFailure, undoMs);
  const undoDelete = async () => {
    const restored = deleter.pending?.key;
    try {
      if (!(await deleter.undo())) return setNotice(t('undoTooLate'));
    } catch (e) {
      return showFailure(e);
    }
    if (restored && !openKey) {
      setSelectedKey(restored);
      setFocusList(true);
    }
  };

  const messages = useMemo(
    () => (data?.messages ?? []).filter((m) => !gone.has(m.key) && m.key !== deleter.pending?.key),
    [data, gone, deleter.pending],
  );
  const accountOf = (id: string) => data?.accounts.find((a) => a.id === id);
  const current = selectedKey && messages.some((m) => m.key === selectedKey) ? selectedKey : messages[0]?.key;

  // The reader keeps showing its message after it left the (unread-only) list.
  useEffect(() => {
    if (!openKey) return setOpenMessage(undefined);
    const inList = data?.messages.find((m) => m.key === openKey);
    if (inList) return setOpenMessage(inList);
    let live = true;
    void source.message(openKey).then((m) => {
      if (!live) return;
      if (m) setOpenMessage(m);
      else setOpenMessage((old) => (old?.key === openKey ? old : undefined));
    });
    return () => {
      live = false;
    };
  }, [openKey, data, source]);

  const open = (key: string) => {
    setSelectedKey(key);
    setOpenKey(key);
    setFocusList(false);
  };
  const closeReader = () => {
    setOpenKey(undefined);
    setFocusList(true);
  };
  /** After a message leaves the list, select its neighbour and go back to the list. */
  const moveOn = (key: string) => {
    const index = messages.findIndex((m) => m.key === key);
    const next = messages[index + 1] ?? messages[index - 1];
    setSelectedKey(next?.key);
    if (openKey) closeReader();
    else setFocusList(true);
  };
  const act = (m: MessageView, action: MessageAction) => {
    if (!supportedActions(accountOf(m.accountId)).has(action)) return;
    if (action === 'delete') {
      deleter.schedule(m.key, toRef(m));
      moveOn(m.key);
    } else if (action === 'archive' || action === 'junk') {
      setGone((s) => new Set(s).add(m.key));
      void perform(toRef(m), action);
      moveOn(m.key);
    } else {
      void perform(toRef(m), action);
    }
  };

  const compose = (kind: 'reply' | 'replyAll' | 'forward', m: MessageView, body: MessageBody) => {
    const account = accountOf(m.accountId);
    if (account) void openComposer(kind, account, { ref: toRef(m), body }).then(setComposing, showFailure);
  };
  // A bridge from before sending would answer UNKNOWN_TYPE: offer no composer while one is attached.
  const canSend = bridge?.state !== 'connected' || bridge.capabilities.includes('smtp');
  const writeFrom = () => accountOf(filter.accountId ?? '') ?? data?.accounts[0];

  const run = (command: Command, key: string): boolean => {
    if (composing) return false; // the composer has its own keys
    if (!canSend && (command === 'reply' || command === 'replyAll' || command === 'forward' || command === 'compose'))
      return false;
    // Right after a message opens, `openMessage` may not be set yet (effects run after paint), so
    // a key pressed at once falls back to the list's row for it instead of being ignored.
    const opened = openMessage?.key === openKey ? openMessage : data?.messages.find((m) => m.key === openKey);
    const target = openKey ? opened : messages.find((m) => m.key === current);
    switch (command) {
      case 'next':
      case 'prev': {
        if (openKey && key.startsWith('Arrow')) return false; // arrows scroll the reader
        const index = Math.max(
          0,
          messages.findIndex((m) => m.key === (openKey ?? current)),
        );
        const next = messages[Math.min(messages.length - 1, Math.max(0, index + (command === 'next' ? 1 : -1)))];
        if (!next) return true;
        if (openKey) open(next.key);
        else {
          setSelectedKey(next.key);
          setFocusList(true);
        }
        return true;
      }
      case 'open':
        if (!openKey && current) open(current);
        return !openKey && !!current;
      case 'back':
        if (!openKey) return false;
        closeReader();
        return true;
      case 'reply':
      case 'replyAll':
      case 'forward': {
        const body = openKey ? cachedBody(openKey) : undefined;
        if (!target || !body) return false;
        compose(command, target, body);
        return true;
      }
      case 'compose': {
        const account = writeFrom();
        if (!account) return false;
        void openComposer('new', account).then(setComposing, showFailure);
        return true;
      }
      case 'toggleRead':
        if (target) act(target, target.unread ? 'markRead' : 'markUnread');
        return !!target;
      default:
        if (target) act(target, command);
        return !!target;
    }
  };
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = commandFor(e);
      if (command && runRef.current(command, e.key)) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

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

  return (
    <div class="popup">
      {!connected && bridgeState}
      <StatusBanners
        bridge={bridge}
        accounts={data.accounts}
        mailboxes={data.mailboxes}
        now={Date.now()}
        onFix={(id) => void openOptions(id)}
        onPurge={(accountId, mailbox) =>
          void sendToBackground('mailbox.purge', { accountId, mailbox }).catch(showFailure)
        }
      />
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
      ) : openKey && openMessage ? (
        <main>
          <Reader
            message={openMessage}
            account={accountOf(openMessage.accountId)}
            onBack={closeReader}
            onAction={(action) => act(openMessage, action)}
            onCompose={canSend ? (kind, body) => compose(kind, openMessage, body) : undefined}
          />
        </main>
      ) : (
        <main>
          <DraftsBanner onOpen={setComposing} />
          <AccountChips
            accounts={data.totals.accounts}
            total={data.totals.total}
            selected={filter.accountId}
            onSelect={(accountId) => setFilter((f) => ({ ...f, accountId }))}
          />
          <MessageList
            messages={messages}
            selectedKey={current}
            focusSelected={focusList}
            showAccount={data.accounts.length > 1}
            accountLabel={(id) => accountOf(id)?.label || id}
            stale={stale}
            now={Date.now()}
            onSelect={setSelectedKey}
            onOpen={open}
          />
        </main>
      )}
      {deleter.pending && (
        <div class="undo" role="status">
          {t('deleted')}{' '}
          <button type="button" onClick={() => void undoDelete()}>
            {t('undo')}
          </button>
        </div>
      )}
      <footer class="bar">
        {data.accounts.length > 0 && !openKey && (
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
        {data.accounts.length > 0 && !composing && canSend && (
          <NewMessageButton account={writeFrom()} onOpen={setComposing} />
        )}
        <button type="button" class="link" onClick={() => void openOptions()}>
          {t('settings')}
        </button>
        {connected && bridgeState}
      </footer>
    </div>
  );
}
