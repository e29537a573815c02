import { useEffect, useRef } from 'preact/hooks';
import type { MessageView } from '../../store/queries';
import { accountColour, fullDate, relativeTime, senderName } from '../format';
import { t } from '../i18n';

interface Props {
  messages: MessageView[];
  selectedKey: string | undefined;
  /** Move keyboard focus to the selected row (after navigation or coming back from the reader). */
  focusSelected: boolean;
  showAccount: boolean;
  accountLabel: (accountId: string) => string;
  stale: boolean;
  now: number;
  onSelect: (key: string) => void;
  onOpen: (key: string) => void;
}

/**
 * The message list as a listbox: one tab stop (the selected row, "roving tabindex"), arrows or
 * j/k move, Enter or a click opens. Unread rows are bold.
 */
export function MessageList(props: Props) {
  const { messages, selectedKey, focusSelected, now } = props;
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (!focusSelected || !selectedKey) return;
    const rows = listRef.current?.querySelectorAll<HTMLElement>('[data-key]') ?? [];
    const row = [...rows].find((r) => r.dataset.key === selectedKey);
    row?.focus();
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [focusSelected, selectedKey]);

  if (messages.length === 0)
    return (
      <p class="empty" role="status">
        {t('noUnread')}
      </p>
    );
  return (
    <ul
      ref={listRef}
      class={props.stale ? 'messages stale' : 'messages'}
      role="listbox"
      aria-label={t('messagesLabel')}
      data-stale={props.stale ? 'true' : undefined}
    >
      {messages.map((m) => {
        const selected = m.key === selectedKey || (!selectedKey && m === messages[0]);
        return (
          <li
            key={m.key}
            data-key={m.key}
            role="option"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            class={m.unread ? 'row unread' : 'row'}
            onClick={() => props.onOpen(m.key)}
            onFocus={() => props.onSelect(m.key)}
          >
            <span class="account-bar" style={{ background: accountColour(m.accountId) }} aria-hidden="true" />
            <span class="row-main">
              <span class="row-top">
                <span class="sender">{senderName(m.from)}</span>
                <time class="time" dateTime={m.date} title={fullDate(m.date)}>
                  {relativeTime(m.date, now)}
                </time>
              </span>
              <span class="subject">{m.subject || t('noSubject')}</span>
              {m.snippet && <span class="snippet">{m.snippet}</span>}
              {props.showAccount && <span class="visually-hidden">{props.accountLabel(m.accountId)}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
