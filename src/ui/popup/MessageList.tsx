import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MessageAction } from '../../protocol/model';
import type { MessageView } from '../../store/queries';
import { accountColour, fullDate, relativeTime, senderName } from '../format';
import { t } from '../i18n';
import { lazyComponent } from '../lazy-component';
import type { ActionTargetState } from './ActionButtons';

/**
 * Rows rendered when the list first appears: more than the 600 px popup shows, so the first paint
 * is complete, while the rest (up to 100 and more) renders right after it instead of before.
 */
export const FIRST_ROWS = 20;

/**
 * The row toolbar's buttons: hidden until the pointer or focus is on the list, so not part of
 * the first paint; their code loads from the start and is in long before the toolbar shows.
 */
const ActionButtons = lazyComponent(() => import('./ActionButtons').then((m) => m.ActionButtons));
ActionButtons.preload();

/** How a click or key changes the selection: one row, or a range from the last one. */
export type ToggleHow = 'toggle' | 'range';

interface Props {
  messages: MessageView[];
  /** The row with keyboard focus (roving tabindex). */
  currentKey: string | undefined;
  /** Move keyboard focus to the current row (after navigation or coming back from the reader). */
  focusCurrent: boolean;
  /** Rows in the multi-selection; when any, `aria-selected` means "chosen". */
  checked: ReadonlySet<string>;
  showAccount: boolean;
  accountLabel: (accountId: string) => string;
  stale: boolean;
  now: number;
  onCurrent: (key: string) => void;
  onOpen: (key: string) => void;
  onToggle: (key: string, how: ToggleHow) => void;
  actionState: (m: MessageView) => ActionTargetState;
  onRowAction: (m: MessageView, action: MessageAction) => void;
}

/**
 * The message list as a multi-selectable listbox: one tab stop (the current row, "roving
 * tabindex"), arrows or j/k move, Enter or a click opens, Ctrl/⌘-click, Shift-click, the row's
 * check mark and `x` select. The row's actions sit in one toolbar placed over the row under the
 * pointer or with focus; it follows the list in the tab order, outside the options, so no option
 * holds a control of its own (WAI-ARIA listbox: options have no interactive children).
 */
export function MessageList(props: Props) {
  const { messages, currentKey, focusCurrent, checked, now } = props;
  const listRef = useRef<HTMLUListElement>(null);
  const [toolbarKey, setToolbarKey] = useState<string | undefined>();
  const [toolbarTop, setToolbarTop] = useState(0);
  const [allRows, setAllRows] = useState(false);
  // Effects run after the browser painted: the first screenful is on screen by then.
  useEffect(() => setAllRows(true), []);
  const shown = allRows ? messages : messages.slice(0, FIRST_ROWS);
  const selecting = checked.size > 0;
  const rowOf = (key: string | undefined) =>
    key === undefined
      ? undefined
      : [...(listRef.current?.querySelectorAll<HTMLElement>('[data-key]') ?? [])].find((r) => r.dataset.key === key);

  useEffect(() => {
    if (!focusCurrent || !currentKey) return;
    const row = rowOf(currentKey);
    row?.focus();
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [focusCurrent, currentKey, allRows]);

  const target =
    messages.find((m) => m.key === toolbarKey) ?? messages.find((m) => m.key === currentKey) ?? messages[0];
  // Only when the toolbar's row or the rows above it may have moved: reading offsetTop makes the
  // browser lay out the list, which a render that changed neither need not pay for.
  useLayoutEffect(() => {
    const row = rowOf(target?.key);
    if (row) setToolbarTop(row.offsetTop);
  }, [target?.key, messages, allRows]);

  if (messages.length === 0)
    return (
      <p class="empty" role="status">
        {t('noUnread')}
      </p>
    );
  return (
    <div class="list-wrap" onMouseLeave={() => setToolbarKey(undefined)}>
      <ul
        ref={listRef}
        class={['messages', props.stale ? 'stale' : '', selecting ? 'selecting' : ''].filter(Boolean).join(' ')}
        role="listbox"
        aria-multiselectable="true"
        aria-label={t('messagesLabel')}
        data-stale={props.stale ? 'true' : undefined}
      >
        {shown.map((m) => {
          const isCurrent = m.key === currentKey || (!currentKey && m === messages[0]);
          const isChecked = checked.has(m.key);
          return (
            <li
              key={m.key}
              data-key={m.key}
              role="option"
              aria-selected={selecting ? isChecked : isCurrent}
              tabIndex={isCurrent ? 0 : -1}
              class={['row', m.unread ? 'unread' : '', isChecked ? 'checked' : '', isCurrent ? 'current' : '']
                .filter(Boolean)
                .join(' ')}
              // Shift-click selects rows, not text.
              onMouseDown={(e) => e.shiftKey && e.preventDefault()}
              onClick={(e) => {
                if (e.shiftKey) props.onToggle(m.key, 'range');
                else if (e.ctrlKey || e.metaKey) props.onToggle(m.key, 'toggle');
                else props.onOpen(m.key);
              }}
              onFocus={() => {
                props.onCurrent(m.key);
                setToolbarKey(m.key);
              }}
              onMouseEnter={() => setToolbarKey(m.key)}
            >
              <span
                class="check"
                aria-hidden="true"
                title={t('selectMessage')}
                onClick={(e) => {
                  e.stopPropagation();
                  props.onToggle(m.key, e.shiftKey ? 'range' : 'toggle');
                }}
              />
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
      {target && !selecting && (
        <div
          class="row-actions"
          role="toolbar"
          aria-label={t('rowActionsFor', target.subject || t('noSubject'))}
          style={{ top: `${toolbarTop}px` }}
        >
          <ActionButtons state={props.actionState(target)} onAction={(a) => props.onRowAction(target, a)} />
        </div>
      )}
    </div>
  );
}
